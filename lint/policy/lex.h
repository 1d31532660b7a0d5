/*
 * lex.h - tokens of the policy language.
 *
 * The lexer works on a (buffer, length) pair and never stops at the first
 * problem: a bad character or an unterminated string becomes a T_ERROR
 * token carrying its message, so the parser reports it in place with the
 * rest of the file's errors.  Keywords are plain identifiers; the parser
 * gives them meaning by position, so a field can be called `name`.
 */
#ifndef CL_POLICY_LEX_H
#define CL_POLICY_LEX_H

#include <stddef.h>

#include "base/loc.h"

struct arena;

enum ptok {
	T_EOF, T_ERROR,
	T_IDENT, T_STRING, T_REGEX, T_NUMBER, T_SIZE, T_DURATION, T_DATE,
	T_LBRACE, T_RBRACE, T_LBRACKET, T_RBRACKET, T_LPAREN, T_RPAREN,
	T_COMMA, T_DOT, T_STAR, T_DOLLAR, T_ASSIGN,
	T_EQ, T_NE, T_MATCH, T_NOMATCH, T_LT, T_LE, T_GT, T_GE,
};

struct ptoken {
	enum ptok kind;
	struct cl_span at;
	const char *text;   /* identifier, decoded string, regex source, number text, error message */
	const char *flags;  /* regex flags ("i", "ix"...), "" otherwise */
	double num;         /* numbers; sizes in bytes; durations in seconds */
};

struct plexer {
	struct arena *a;
	uint32_t file;
	const char *buf;
	size_t len, pos;
	struct cl_pos here;
};

void plex_init(struct plexer *lx, struct arena *a, uint32_t file, const char *buf, size_t len);
/* plex_next() - the next token; T_EOF forever at the end. */
void plex_next(struct plexer *lx, struct ptoken *t);

const char *ptok_name(enum ptok k);

/* Sizes ("512m", "1GiB") in bytes and durations ("1m30s") in seconds, as
 * compose writes them; 0 on success.  Shared with the evaluator, which reads
 * compose values with the same units. */
int pol_parse_size(const char *s, double *bytes);
int pol_parse_duration(const char *s, double *seconds);

#endif
