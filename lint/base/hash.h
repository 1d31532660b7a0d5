/*
 * hash.h - the hash functions of composelint's open-addressed tables.
 *
 * FNV-1a for strings (keys, anchor names, variable names), a multiplicative
 * hash for pointers (their low bits are alignment, always zero).  Tables
 * are powers of two in size: callers mask with cap - 1.
 */
#ifndef CL_BASE_HASH_H
#define CL_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t cl_hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static inline uint32_t cl_hash_ptr(const void *p)
{
	return (uint32_t)(((uintptr_t)p >> 4) * 2654435761u);
}

#endif
