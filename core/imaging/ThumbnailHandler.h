#pragma once

#include "runner/JobHandler.h"

namespace jobdeck {

// {path, size (longest edge, default 256), out_dir (default: `thumbnails` beside the database)}: a thumbnail that
// keeps the aspect ratio and the EXIF orientation, written atomically (a temporary file, then a rename) under a
// name derived from the source, so running it twice gives the same file and no duplicate. Not an image, a
// truncated or damaged image, or one over kMaxPixels fails at once, without retries; the pixel limit is checked
// from the header, before anything is decoded.
class ThumbnailHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("thumbnail"); }
    void run(JobContext &ctx) override;
    QString validate(const QJsonObject &payload) const override;

    static constexpr int kDefaultSize = 256;
    static constexpr int kMaxSize = 4096;
    static constexpr qint64 kMaxPixels = 100'000'000;
};

} // namespace jobdeck
