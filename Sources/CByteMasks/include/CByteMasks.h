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

/// How many one-digit fields open the 64 bytes at `bytes`, each a digit 0-9 followed by
/// `delimiter` ("1;0;9;..."): 0 to 32. All 64 bytes must be readable.
///
/// The common cells of a survey export, found for a whole run at once: each byte is compared
/// with what the pattern (digit, delimiter, digit, ...) wants at its place, and the first
/// that differs ends the run, without a branch per field.
static inline int barometer_digit_fields64(const uint8_t *bytes, uint8_t delimiter) {
    uint64_t fits = 0;
#if defined(__SSE2__)
    // XOR with ('0', delimiter, '0', ...) leaves a digit as 0-9 and a delimiter as 0; then
    // min(x, (9, 0, 9, 0, ...)) == x holds exactly where the byte fits its place.
    const __m128i expected = _mm_set1_epi16((short)(0x30 | (delimiter << 8)));
    const __m128i limit = _mm_set1_epi16(9);
    for (int part = 0; part < 4; part++) {
        const __m128i x = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(bytes + 16 * part)), expected);
        fits |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, limit), x)) << (16 * part);
    }
#else
    for (int i = 0; i < 64; i++) {
        const int fit = i % 2 ? bytes[i] == delimiter : (uint8_t)(bytes[i] - '0') <= 9;
        fits |= (uint64_t)fit << i;
    }
#endif
    // A field is whole when both its digit and its delimiter fit.
    return fits == ~0ull ? 32 : __builtin_ctzll(~fits) / 2;
}

/// `barometer_match_mask64` for the `count` (< 64) bytes left at the end of a
/// text: the bits past `count` are clear, and no byte past it is read.
uint64_t barometer_match_mask_tail(const uint8_t *bytes, size_t count, uint8_t a, uint8_t b, uint8_t c);

#endif
