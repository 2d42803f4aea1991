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
/// The common cells of a survey export, found for a whole run at once: one comparison for the
/// delimiters and one for the digits, then the first position that breaks the pattern
/// (digit, delimiter, digit, ...) ends the run, without a branch per field.
static inline int barometer_digit_fields64(const uint8_t *bytes, uint8_t delimiter) {
    uint64_t delimiters = 0, digits = 0;
#if defined(__SSE2__)
    const __m128i vd = _mm_set1_epi8((char)delimiter), zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    for (int part = 0; part < 4; part++) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(bytes + 16 * part));
        const __m128i value = _mm_sub_epi8(x, zero);
        // value <= 9 as unsigned bytes: min(value, 9) == value.
        const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(value, nine), value);
        delimiters |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vd)) << (16 * part);
        digits |= (uint64_t)(uint16_t)_mm_movemask_epi8(digit) << (16 * part);
    }
#else
    for (int i = 0; i < 64; i++) {
        delimiters |= (uint64_t)(bytes[i] == delimiter) << i;
        digits |= (uint64_t)((uint8_t)(bytes[i] - '0') <= 9) << i;
    }
#endif
    // Even positions must hold a digit that is not the delimiter, odd ones the delimiter.
    const uint64_t odd = 0xAAAAAAAAAAAAAAAAull;
    const uint64_t broken = (delimiters ^ odd) | (~digits & ~odd);
    return broken == 0 ? 32 : __builtin_ctzll(broken) / 2;
}

/// `barometer_match_mask64` for the `count` (< 64) bytes left at the end of a
/// text: the bits past `count` are clear, and no byte past it is read.
uint64_t barometer_match_mask_tail(const uint8_t *bytes, size_t count, uint8_t a, uint8_t b, uint8_t c);

#endif
