#pragma once

#include <QString>
#include <optional>

namespace jobdeck {

// A fingerprint of a file's content: SHA-256 over its size and its first and last 64 KiB. With the path, size
// and mtime it tells one version of a file from another (a file rewritten within the mtime's resolution, at the
// same size); reading whole files of many gigabytes on the runner's thread would not be worth what it adds.
namespace FileFingerprint {
// Nothing when the file cannot be opened or read.
std::optional<QString> of(const QString &path);
} // namespace FileFingerprint

} // namespace jobdeck
