#include "capturedoutput.h"

#include <cstdio>
#include <unistd.h>

namespace camchat::test {

namespace {

QByteArray readAndClose(std::FILE *file)
{
    QByteArray bytes;
    std::rewind(file);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
        bytes.append(buffer, static_cast<qsizetype>(n));
    std::fclose(file);
    return bytes;
}

} // namespace

CapturedOutput runCapturingOutput(const std::function<int()> &command)
{
    CapturedOutput result;
    std::FILE *outFile = std::tmpfile();
    std::FILE *errFile = std::tmpfile();
    if (!outFile || !errFile) {
        if (outFile)
            std::fclose(outFile);
        if (errFile)
            std::fclose(errFile);
        return result;
    }
    std::fflush(stdout);
    std::fflush(stderr);
    const int savedOut = ::dup(STDOUT_FILENO);
    const int savedErr = ::dup(STDERR_FILENO);
    ::dup2(::fileno(outFile), STDOUT_FILENO);
    ::dup2(::fileno(errFile), STDERR_FILENO);
    result.exitCode = command();
    std::fflush(stdout);
    std::fflush(stderr);
    ::dup2(savedOut, STDOUT_FILENO);
    ::dup2(savedErr, STDERR_FILENO);
    ::close(savedOut);
    ::close(savedErr);
    result.out = readAndClose(outFile);
    result.err = readAndClose(errFile);
    return result;
}

} // namespace camchat::test
