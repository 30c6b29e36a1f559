#pragma once

// The fake model files: a magic first line, then key=value lines (see README.md).

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

namespace camchat::fakes {

class FakeModelFile
{
public:
    // Parses `text`; nullopt when the first line isn't `magic`.
    static std::optional<FakeModelFile> parse(const std::string &text, const std::string &magic)
    {
        std::istringstream in(text);
        std::string line;
        if (!std::getline(in, line) || trimmed(line) != magic)
            return std::nullopt;
        FakeModelFile file;
        while (std::getline(in, line)) {
            const auto eq = line.find('=');
            if (line.empty() || line[0] == '#' || eq == std::string::npos)
                continue;
            file.m_values[trimmed(line.substr(0, eq))] = trimmed(line.substr(eq + 1));
        }
        return file;
    }

    static std::optional<FakeModelFile> load(const char *path, const std::string &magic)
    {
        if (!path)
            return std::nullopt;
        std::ifstream in(path, std::ios::binary);
        if (!in)
            return std::nullopt;
        std::ostringstream text;
        text << in.rdbuf();
        return parse(text.str(), magic);
    }

    bool has(const std::string &key) const { return m_values.count(key) != 0; }
    std::string text(const std::string &key) const
    {
        const auto it = m_values.find(key);
        return it == m_values.end() ? std::string() : it->second;
    }
    long number(const std::string &key, long fallback) const
    {
        const auto it = m_values.find(key);
        return it == m_values.end() ? fallback : std::strtol(it->second.c_str(), nullptr, 10);
    }

private:
    static std::string trimmed(const std::string &s)
    {
        const auto begin = s.find_first_not_of(" \t\r");
        if (begin == std::string::npos)
            return {};
        const auto end = s.find_last_not_of(" \t\r");
        return s.substr(begin, end - begin + 1);
    }

    std::map<std::string, std::string> m_values;
};

// An integer environment switch, read at call time so tests can flip it between calls.
inline long envNumber(const char *name, long fallback)
{
    const char *value = std::getenv(name);
    return value && *value ? std::strtol(value, nullptr, 10) : fallback;
}

} // namespace camchat::fakes
