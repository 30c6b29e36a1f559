#pragma once

#include "frame.h"

#include <array>
#include <cstdint>
#include <optional>

namespace camchat::capture {

// A cheap "did the scene change?" measure for the kiosk: every frame is reduced to a
// small grey thumbnail (kThumbWidth x kThumbHeight, box-averaged luma, ~1 µs per cell
// cost independent of the frame size beyond one sparse read), and two thumbnails are
// compared by their mean absolute difference, normalised to 0..1 (1 = black vs white).
// Works on every Frame format capture produces (YUV: the Y plane; RGB: weighted luma).
class SceneThumbnail
{
public:
    static constexpr int kThumbWidth = 32;
    static constexpr int kThumbHeight = 18;

    SceneThumbnail() = default;
    static SceneThumbnail of(const Frame &frame);
    bool isValid() const { return m_valid; }
    // Mean absolute difference, 0..1. Invalid thumbnails compare as 1 (changed).
    double difference(const SceneThumbnail &other) const;

private:
    std::array<std::uint8_t, kThumbWidth * kThumbHeight> m_luma{};
    bool m_valid = false;
};

struct SceneChangeOptions {
    double threshold = 0.06;   // difference that counts as a change
    // A change must hold for this many consecutive checks, so a single noisy frame or a
    // flicker does not trigger (1 = react at once).
    int confirmFrames = 2;
};

// Remembers the scene the last caption described and tells when the current frame
// differs from it by more than the threshold. Not thread-safe: one owner.
class SceneChangeDetector
{
public:
    explicit SceneChangeDetector(SceneChangeOptions options = {});

    void setOptions(SceneChangeOptions options);
    SceneChangeOptions options() const { return m_options; }

    // The scene a caption was just made of: later frames are compared with it.
    void setReference(const Frame &frame);
    // The same with a thumbnail made earlier (e.g. on another thread, so the frame and
    // the driver buffer behind it need not be kept).
    void setReference(const SceneThumbnail &thumbnail);
    void clearReference();
    bool hasReference() const { return m_reference.isValid(); }

    // Feeds a new frame; true when the scene has changed (confirmed) since the reference.
    // Without a reference, every valid frame counts as changed.
    bool check(const Frame &frame);
    bool check(const SceneThumbnail &thumbnail);
    // The difference measured by the latest check() (0..1).
    double lastDifference() const { return m_lastDifference; }

private:
    SceneChangeOptions m_options;
    SceneThumbnail m_reference;
    double m_lastDifference = 0;
    int m_streak = 0;
};

} // namespace camchat::capture
