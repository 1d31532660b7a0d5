/*
 * dotenv.h - a Compose .env file, read the way docker compose reads it.
 *
 * The syntax is compose-go's dotenv parser (dotenv/parser.go), which the
 * env_file documentation describes ("Env_file format"):
 *
 *  - A UTF-8 BOM is skipped.  Blank lines and lines whose first non-blank
 *    character is '#' are ignored.
 *  - A statement is [export ]NAME SEP VALUE, SEP is '=' or ':' (YAML style),
 *    with optional blanks around NAME and SEP.  NAME is letters, digits,
 *    '_', '.', '-', '[' and ']' (bytes >= 0x80 are taken as the Unicode
 *    letters compose accepts); a NAME that would be fine but for a space in
 *    its middle is "key cannot contain a space".
 *  - NAME alone on its line ("bare") means "inherit from the process
 *    environment": recorded with value NULL, it is unset unless that
 *    environment defines it, and it never undoes an earlier definition.
 *  - Unquoted VALUE: up to the end of the line, cut at the first " #"
 *    (a space then '#': "VAL# x" keeps its '#'), trailing blanks removed.
 *    The value starts after the blanks that follow SEP, so "K= # x" is the
 *    value "# x", as in compose.  Backslashes are literal.  Interpolated.
 *  - 'VALUE': literal, may span lines; \' is a quote, every other backslash
 *    stays.  Not interpolated.
 *  - "VALUE": may span lines; \" is a quote, and \a \b \f \n \r \t \v \\
 *    \$ (a literal '$') and \0ooo (three octal digits, the code point
 *    0..255 written as UTF-8) are escapes; any other backslash stays.  Then
 *    interpolated.
 *  - After a closing quote only blanks and a '#' comment may follow
 *    (compose would misread other text as the next statement: a problem
 *    here).
 *  - Interpolation (interp.h, the full Compose syntax with defaults) happens
 *    per value, in file order, against: the outer environment first (the
 *    process environment, as compose's lookup does), then the variables this
 *    file defined on earlier lines (the latest definition of each; a bare
 *    line does not count).  So "A=1" then "A=${A}2" gives A=12, and a
 *    variable never sees its own or later lines.  An unset variable is "" and
 *    marks the value unknown.
 *
 * A file holding a NUL byte or invalid UTF-8 is not read at all (compose
 * would cut a value at the NUL): one problem, marked `encoding`, at the
 * first such byte, as for compose files (yaml_precheck()).
 *
 * Compose stops at the first error; here every problem is recorded, the
 * statement concerned is dropped (except for text after a closing quote and
 * interpolation errors, which keep the variable), and parsing goes on at the
 * next line.  Later definitions of a name win, as in compose's map; all of
 * them are kept in file order.
 */
#ifndef CL_COMPOSE_DOTENV_H
#define CL_COMPOSE_DOTENV_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/loc.h"
#include "compose/interp.h"

struct arena;

#define CL_DOTENV_MAX_VARS     100000u        /* statements kept per file */
#define CL_DOTENV_MAX_PROBLEMS 200u           /* problems kept per file (one more says so) */
#define CL_DOTENV_MAX_EXPANDED (16u << 20)    /* bytes of interpolated values per file */

struct cl_envvar {
	const char *name;
	const char *value;        /* NUL-terminated; NULL for a bare NAME line */
	size_t value_len;         /* bytes (a "\0000" escape can put a NUL inside) */
	struct cl_span at;        /* the statement, from its first byte (or "export") to
				   * the end of its last line (without the line break) */
	struct cl_span value_at;  /* the value as written: inside the quotes, or the
				   * trimmed unquoted text; empty span for "" and bare */
	char quote;               /* '\'', '"' or 0 */
	int unknown;              /* interpolation met an unset variable or failed */
};

/* The kinds of a .env file's problems (struct cl_dotenv.problems). */
enum cl_env_problem_kind {
	CL_ENV_SYNTAX,            /* a statement compose would refuse; limits */
	CL_ENV_ENCODING,          /* a NUL byte or invalid UTF-8: nothing else was read */
};

struct cl_dotenv {
	uint32_t file;
	struct cl_envvar *vars;   /* file order */
	uint32_t nvars;
	struct cl_diags problems; /* kinds: enum cl_env_problem_kind; in the arena */
	/* private: name -> index of the winning definition */
	uint32_t *slots;
	uint32_t nslots, nnames;
};

/*
 * cl_dotenv_parse() - read buf[0..len) (file index `file`) into out, in
 * arena a.  outer (may be NULL) is consulted first when values are
 * interpolated.  buf may be freed after the call.  Returns 0, or -1 when
 * there are problems.  Never aborts on bad input.
 */
int cl_dotenv_parse(struct arena *a, uint32_t file, const char *buf, size_t len,
		    const struct cl_env *outer, struct cl_dotenv *out);

/*
 * cl_dotenv_find() - the definition of name[0..len) that wins: the last one
 * with a value, or when there is none the last bare one (value NULL: unset).
 * NULL when the file never mentions the name.
 */
const struct cl_envvar *cl_dotenv_find(const struct cl_dotenv *d, const char *name, size_t len);

/*
 * cl_dotenv_env() - an interpolation environment over d's winning
 * definitions (bare -> unset, "" -> empty); the span is the statement's.
 * d must outlive env.
 */
void cl_dotenv_env(const struct cl_dotenv *d, struct cl_env *env);

#endif
