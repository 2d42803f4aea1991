#ifndef BAROMETER_CSHA256_H
#define BAROMETER_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA extensions (and SSE4.1) that
/// `barometer_sha256_blocks` needs.
int barometer_sha256_accelerated(void);

/// Compresses `blocks` 64-byte blocks of `data` into `state` (the eight
/// SHA-256 words, host order) with the processor's SHA instructions. Call only
/// when `barometer_sha256_accelerated()` returns 1.
void barometer_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
