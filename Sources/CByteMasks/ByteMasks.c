#include "CByteMasks.h"

#include <string.h>

uint64_t barometer_match_mask_tail(const uint8_t *bytes, size_t count, uint8_t a, uint8_t b, uint8_t c) {
    // A byte other than a, b and c fills the padding, so that the padding never matches.
    uint8_t filler = 0;
    while (filler == a || filler == b || filler == c) filler++;
    uint8_t block[64];
    memset(block, filler, sizeof block);
    memcpy(block, bytes, count < 64 ? count : 64);
    return barometer_match_mask64(block, a, b, c);
}
