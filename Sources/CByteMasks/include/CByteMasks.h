#ifndef BAROMETER_CBYTEMASKS_H
#define BAROMETER_CBYTEMASKS_H

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Which of the 64 bytes at `bytes` equal `a`, `b` or `c`: bit i is set when
/// byte i does. All 64 bytes must be readable; see `barometer_match_mask_tail`
/// for fewer.
///
/// Inline so that Swift's optimizer sees through it into the vector
/// instructions: a call per 64 bytes would cost as much as the work. Without
/// SSE2 (not x86-64) it is a plain loop: correct, and as fast as a byte loop.
static inline uint64_t barometer_match_mask64(const uint8_t *bytes, uint8_t a, uint8_t b, uint8_t c) {
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b), vc = _mm_set1_epi8((char)c);
    uint64_t mask = 0;
    for (int part = 0; part < 4; part++) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(bytes + 16 * part));
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)), _mm_cmpeq_epi8(x, vc));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * part);
    }
    return mask;
#else
    uint64_t mask = 0;
    for (int i = 0; i < 64; i++) {
        const uint8_t byte = bytes[i];
        mask |= (uint64_t)(byte == a || byte == b || byte == c) << i;
    }
    return mask;
#endif
}

/// `barometer_match_mask64` for the `count` (< 64) bytes left at the end of a
/// text: the bits past `count` are clear, and no byte past it is read.
uint64_t barometer_match_mask_tail(const uint8_t *bytes, size_t count, uint8_t a, uint8_t b, uint8_t c);

#endif
