#pragma once

#include "runner/JobHandler.h"

namespace jobdeck {

// {paths: files or folders, algorithm: sha256 | sha1 | md5, checkpoint_ms}: the digest of every file, as the
// result [{path, size, digest}] (files that cannot be read: {path, error}). Folders are walked recursively in
// path order. Reads in chunks, reports progress by bytes, and saves a checkpoint after each file and every
// few seconds inside a large one; a later attempt skips the files done and continues a file where it stopped,
// from the saved hash state, without reading its beginning again.
class ChecksumHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("checksum"); }
    void run(JobContext &ctx) override;
    QString validate(const QJsonObject &payload) const override;

    static constexpr qint64 kChunkBytes = 1 << 20;
    static constexpr qint64 kDefaultCheckpointMs = 2000; // inside a large file
    static constexpr qint64 kMinCheckpointGapMs = 250;   // between checkpoints after small files
};

} // namespace jobdeck
