#pragma once

#include <QByteArrayView>

namespace jobdeck {

// Whether JPEG data runs all the way to its end-of-image marker. A truncated JPEG still decodes (libjpeg fills
// the missing part with grey and only warns), so this is how a cut-off file is told from a whole one. Walks the
// marker segments, so an end marker inside an embedded preview (in EXIF data) does not count.
bool jpegReachesItsEnd(QByteArrayView data);

} // namespace jobdeck
