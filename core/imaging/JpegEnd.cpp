#include "imaging/JpegEnd.h"

#include <cstring>

namespace jobdeck {

namespace {
constexpr unsigned char kMarker = 0xFF;
constexpr unsigned char kStartOfImage = 0xD8;
constexpr unsigned char kEndOfImage = 0xD9;
constexpr unsigned char kStartOfScan = 0xDA;

bool isRestart(unsigned char marker)
{
    return marker >= 0xD0 && marker <= 0xD7;
}
} // namespace

bool jpegReachesItsEnd(QByteArrayView view)
{
    const auto *data = reinterpret_cast<const unsigned char *>(view.data());
    const qsizetype n = view.size();
    if (n < 4 || data[0] != kMarker || data[1] != kStartOfImage)
        return false;
    qsizetype pos = 2;
    while (pos + 1 < n) {
        if (data[pos] != kMarker)
            return false; // not a marker where one must be: damaged
        const unsigned char marker = data[pos + 1];
        if (marker == kMarker) { // fill byte
            ++pos;
            continue;
        }
        pos += 2;
        if (marker == kEndOfImage)
            return true;
        if (isRestart(marker) || marker == 0x01)
            continue; // markers without a length
        if (pos + 1 >= n)
            return false;
        pos += (qsizetype(data[pos]) << 8) | data[pos + 1]; // the segment, length bytes included
        if (marker != kStartOfScan)
            continue;
        // Entropy-coded data follows: it ends at the first 0xFF that is neither stuffing (FF 00) nor a restart marker.
        for (;;) {
            if (pos >= n)
                return false;
            const void *ff = std::memchr(data + pos, kMarker, size_t(n - pos));
            if (!ff)
                return false;
            pos = static_cast<const unsigned char *>(ff) - data;
            if (pos + 1 >= n)
                return false;
            const unsigned char next = data[pos + 1];
            if (next == 0x00 || isRestart(next))
                pos += 2;
            else if (next == kMarker)
                pos += 1;
            else
                break;
        }
    }
    return false;
}

} // namespace jobdeck
