/*
 * regex.c - PCRE2 behind the policy language (see regex.h).
 *
 * Compiled with PCRE2_UTF | PCRE2_MATCH_INVALID_UTF so a subject with bad
 * UTF-8 cannot make a match fail or be rejected per call, JIT-compiled when
 * the platform has it, and matched under explicit limits.
 */
#include "policy/regex.h"
#include "base/arena.h"
#include "base/vec.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

struct pregex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

struct pregex *pregex_compile(struct pregex_pool *pool, struct arena *a, const char *src,
			      const char *flags, const char **err, size_t *erroff)
{
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	for (const char *f = flags; f && *f; f++) {
		if (*f == 'i')
			opts |= PCRE2_CASELESS;
		else if (*f == 'm')
			opts |= PCRE2_MULTILINE;
		else if (*f == 's')
			opts |= PCRE2_DOTALL;
		else if (*f == 'x')
			opts |= PCRE2_EXTENDED;
	}
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, strlen(src), opts, &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR buf[256];
		pcre2_get_error_message(code, buf, sizeof buf);
		*err = arena_strdup(a, (const char *)buf);
		*erroff = off;
		return NULL;
	}
	struct pregex *r = arena_alloc(a, sizeof *r);
	r->code = re;
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);  /* falls back to the interpreter */
	r->md = pcre2_match_data_create_from_pattern(re, NULL);
	r->mctx = pcre2_match_context_create(NULL);
	if (!r->md || !r->mctx) {
		pcre2_code_free(re);
		pcre2_match_data_free(r->md);
		pcre2_match_context_free(r->mctx);
		*err = "out of memory";
		*erroff = 0;
		return NULL;
	}
	pcre2_set_depth_limit(r->mctx, PREGEX_DEPTH_LIMIT);
	*VEC_PUSH(pool->v, pool->n, pool->cap) = r;
	return r;
}

void pregex_pool_release(struct pregex_pool *pool)
{
	for (size_t i = 0; i < pool->n; i++) {
		pcre2_match_data_free(pool->v[i]->md);
		pcre2_match_context_free(pool->v[i]->mctx);
		pcre2_code_free(pool->v[i]->code);
	}
	xfree(pool->v);
	pool->v = NULL;
	pool->n = pool->cap = 0;
}

/*
 * Real patterns on real values need a few dozen units, so nearly every
 * match is decided by the first, cheap attempt; a slow one is retried
 * under a limit a hundred times larger, which wastes at most a hundredth
 * of the work.  Charging the limits, not the (unknowable) units used,
 * keeps the count deterministic.
 */
int pregex_match(struct pregex *re, const char *s, size_t len, uint64_t *budget)
{
	for (uint64_t limit = PREGEX_FIRST_LIMIT;; limit *= 100) {
		if (limit > PREGEX_MATCH_LIMIT)
			limit = PREGEX_MATCH_LIMIT;
		int short_of_budget = *budget < limit;
		uint64_t run = short_of_budget ? *budget : limit;
		if (!run)
			return PRE_BUDGET;
		*budget -= run;
		pcre2_set_match_limit(re->mctx, (uint32_t)run);
		int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->md, re->mctx);
		if (rc >= 0)
			return PRE_MATCH;
		if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
			return PRE_NOMATCH;
		if (rc != PCRE2_ERROR_MATCHLIMIT)
			return PRE_DEPTH_LIMIT;  /* depth, heap, or a failure of PCRE2 itself */
		if (short_of_budget)
			return PRE_BUDGET;
		if (limit == PREGEX_MATCH_LIMIT)
			return PRE_MATCH_LIMIT;
	}
}

const char *pregex_limit_text(int result)
{
	switch (result) {
	case PRE_MATCH_LIMIT:
		return "the regular expression hit its match limit";
	case PRE_DEPTH_LIMIT:
		return "the regular expression hit its depth limit";
	default:
		return "the rule spent its regular expression budget";
	}
}

/* Name table entries: 2 bytes of group number, then the NUL-terminated name. */
static uint32_t name_table(const struct pregex *re, PCRE2_SPTR *tab, uint32_t *entry)
{
	uint32_t count = 0;
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, tab);
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, entry);
	return count;
}

uint32_t pregex_group_names(const struct pregex *re, struct arena *a, const char ***names)
{
	PCRE2_SPTR tab;
	uint32_t esz, n = name_table(re, &tab, &esz);
	*names = arena_alloc(a, (n ? n : 1) * sizeof **names);
	for (uint32_t i = 0; i < n; i++)
		(*names)[i] = arena_strdup(a, (const char *)(tab + i * esz + 2));
	return n;
}

uint32_t pregex_groups(struct pregex *re, struct arena *a, const char *subject,
		       const char ***names, const char ***values)
{
	PCRE2_SPTR tab;
	uint32_t esz, n = name_table(re, &tab, &esz);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
	uint32_t pairs = pcre2_get_ovector_count(re->md);
	*names = arena_alloc(a, (n ? n : 1) * sizeof **names);
	*values = arena_alloc(a, (n ? n : 1) * sizeof **values);
	for (uint32_t i = 0; i < n; i++) {
		const unsigned char *e = tab + i * esz;
		uint32_t g = ((uint32_t)e[0] << 8) | e[1];
		(*names)[i] = arena_strdup(a, (const char *)(e + 2));
		if (g < pairs && ov[2 * g] != PCRE2_UNSET)
			(*values)[i] = arena_strndup(a, subject + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
		else
			(*values)[i] = "";
	}
	return n;
}
