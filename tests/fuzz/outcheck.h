/*
 * outcheck.h - well-formedness checks of reporter output for the fuzzing
 * harnesses (included by fuzz_reports.c and fuzz_policy.c; static
 * functions only).  A violation prints where and aborts, so libFuzzer
 * keeps the input as a crash.
 *
 *   check_json()    strict JSON (RFC 8259), strings valid UTF-8
 *   check_xml()     XML 1.0 characters, entities, balanced tags, one root
 *   check_github()  one "::level props::message" workflow command per line
 *   check_text()    no control characters but tab and newline
 *   check_report()  the check for a format, on a whole report
 */
#ifndef FUZZ_OUTCHECK_H
#define FUZZ_OUTCHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

static void fail(const char *fmt, const char *doc, size_t len, size_t at)
{
	size_t from = at > 60 ? at - 60 : 0, to = at + 60 < len ? at + 60 : len;
	fprintf(stderr, "fuzz: %s at byte %zu: ...%.*s...\n", fmt, at, (int)(to - from),
		doc + from);
	abort();
}

/* ---- UTF-8 ---------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s, 0 when invalid; *cp its value. */
static size_t utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len = s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : s[0] >= 0xE0 && s[0] < 0xF0 ? 3 :
		     s[0] >= 0xF0 && s[0] < 0xF5 ? 4 : 0;
	if (!len || len > n)
		return 0;
	uint32_t v = s[0] & (0xFF >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* ---- JSON ----------------------------------------------------------------- */

struct js {
	const char *s;
	size_t n, i;
	int depth;
};

static void js_ws(struct js *j)
{
	while (j->i < j->n && strchr(" \t\r\n", j->s[j->i]) && j->s[j->i])
		j->i++;
}

static void js_value(struct js *j);

static void js_string(struct js *j)
{
	j->i++;  /* the opening quote */
	for (;;) {
		if (j->i >= j->n)
			fail("JSON: unterminated string", j->s, j->n, j->i);
		unsigned char c = (unsigned char)j->s[j->i];
		if (c == '"') {
			j->i++;
			return;
		}
		if (c < 0x20)
			fail("JSON: raw control character in a string", j->s, j->n, j->i);
		if (c == '\\') {
			if (j->i + 1 >= j->n)
				fail("JSON: escape at end", j->s, j->n, j->i);
			char e = j->s[j->i + 1];
			if (e == 'u') {
				for (int k = 2; k < 6; k++)
					if (j->i + (size_t)k >= j->n || !strchr("0123456789abcdefABCDEF", j->s[j->i + (size_t)k]) ||
					    !j->s[j->i + (size_t)k])
						fail("JSON: bad \\u escape", j->s, j->n, j->i);
				j->i += 6;
			} else if (e && strchr("\"\\/bfnrt", e)) {
				j->i += 2;
			} else {
				fail("JSON: bad escape", j->s, j->n, j->i);
			}
			continue;
		}
		uint32_t cp;
		size_t l = utf8((const unsigned char *)j->s + j->i, j->n - j->i, &cp);
		if (!l)
			fail("JSON: invalid UTF-8 in a string", j->s, j->n, j->i);
		j->i += l;
	}
}

static void js_number(struct js *j)
{
	size_t st = j->i;
	if (j->s[j->i] == '-')
		j->i++;
	if (j->i < j->n && j->s[j->i] == '0')
		j->i++;
	else if (j->i < j->n && j->s[j->i] >= '1' && j->s[j->i] <= '9')
		while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
			j->i++;
	else
		fail("JSON: bad number", j->s, j->n, st);
	if (j->i < j->n && j->s[j->i] == '.') {
		j->i++;
		if (j->i >= j->n || j->s[j->i] < '0' || j->s[j->i] > '9')
			fail("JSON: bad fraction", j->s, j->n, st);
		while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
			j->i++;
	}
	if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
		j->i++;
		if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
			j->i++;
		if (j->i >= j->n || j->s[j->i] < '0' || j->s[j->i] > '9')
			fail("JSON: bad exponent", j->s, j->n, st);
		while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
			j->i++;
	}
}

static void js_word(struct js *j, const char *w)
{
	size_t l = strlen(w);
	if (j->n - j->i < l || memcmp(j->s + j->i, w, l))
		fail("JSON: unexpected token", j->s, j->n, j->i);
	j->i += l;
}

static void js_value(struct js *j)
{
	js_ws(j);
	if (j->i >= j->n)
		fail("JSON: value expected", j->s, j->n, j->i);
	if (++j->depth > 64)
		fail("JSON: nested too deeply", j->s, j->n, j->i);
	char c = j->s[j->i];
	if (c == '{' || c == '[') {
		char close = c == '{' ? '}' : ']';
		j->i++;
		js_ws(j);
		if (j->i < j->n && j->s[j->i] == close) {
			j->i++;
		} else {
			for (;;) {
				if (c == '{') {
					js_ws(j);
					if (j->i >= j->n || j->s[j->i] != '"')
						fail("JSON: key expected", j->s, j->n, j->i);
					js_string(j);
					js_ws(j);
					if (j->i >= j->n || j->s[j->i] != ':')
						fail("JSON: ':' expected", j->s, j->n, j->i);
					j->i++;
				}
				js_value(j);
				js_ws(j);
				if (j->i < j->n && j->s[j->i] == ',') {
					j->i++;
					continue;
				}
				if (j->i < j->n && j->s[j->i] == close) {
					j->i++;
					break;
				}
				fail("JSON: ',' or end of container expected", j->s, j->n, j->i);
			}
		}
	} else if (c == '"') {
		js_string(j);
	} else if (c == 't') {
		js_word(j, "true");
	} else if (c == 'f') {
		js_word(j, "false");
	} else if (c == 'n') {
		js_word(j, "null");
	} else {
		js_number(j);
	}
	j->depth--;
}

static void check_json(const char *s, size_t n)
{
	struct js j = { s, n, 0, 0 };
	js_value(&j);
	js_ws(&j);
	if (j.i != n)
		fail("JSON: trailing text", s, n, j.i);
}

/* ---- XML ------------------------------------------------------------------ */

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == ':';
}

/* Characters and entity references of text or an attribute value [i, end). */
static void xml_chars(const char *s, size_t n, size_t i, size_t end)
{
	while (i < end) {
		uint32_t cp;
		size_t l = utf8((const unsigned char *)s + i, end - i, &cp);
		if (!l)
			fail("XML: invalid UTF-8", s, n, i);
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF)
			fail("XML: character not allowed in XML 1.0", s, n, i);
		if (cp == '<')
			fail("XML: '<' in text or attribute", s, n, i);
		if (cp == '&') {
			size_t k = i + 1;
			if (k < end && s[k] == '#') {
				k++;
				size_t d = k;
				while (k < end && s[k] >= '0' && s[k] <= '9')
					k++;
				if (k == d)
					fail("XML: bad character reference", s, n, i);
			} else {
				static const char *const ents[] = { "amp", "lt", "gt", "quot", "apos" };
				size_t e = 0;
				for (; e < 5; e++) {
					size_t el = strlen(ents[e]);
					if (end - k >= el && !memcmp(s + k, ents[e], el)) {
						k += el;
						break;
					}
				}
				if (e == 5)
					fail("XML: unknown entity", s, n, i);
			}
			if (k >= end || s[k] != ';')
				fail("XML: entity without ';'", s, n, i);
			i = k + 1;
			continue;
		}
		i += l;
	}
}

static void check_xml(const char *s, size_t n)
{
	const char *stack[64];
	size_t lens[64];
	int depth = 0, roots = 0;
	size_t i = 0;
	while (i < n) {
		if (s[i] != '<') {
			const char *lt = memchr(s + i, '<', n - i);
			size_t end = lt ? (size_t)(lt - s) : n;
			if (!depth) {
				for (size_t k = i; k < end; k++)
					if (!strchr(" \t\r\n", s[k]) || !s[k])
						fail("XML: text outside the root element", s, n, k);
			}
			xml_chars(s, n, i, end);
			i = end;
			continue;
		}
		if (n - i >= 2 && s[i + 1] == '?') {
			const char *e = strstr(s + i, "?>");
			if (!e || i)
				fail("XML: bad declaration", s, n, i);
			i = (size_t)(e - s) + 2;
			continue;
		}
		if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			const char *e = strstr(s + i + 4, "-->");
			if (!e)
				fail("XML: unterminated comment", s, n, i);
			i = (size_t)(e - s) + 3;
			continue;
		}
		if (n - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
			const char *e = strstr(s + i + 9, "]]>");
			if (!e || !depth)
				fail("XML: bad CDATA section", s, n, i);
			xml_chars(s, n, i + 9, i + 9);  /* (contents are not checked) */
			i = (size_t)(e - s) + 3;
			continue;
		}
		int closing = n - i >= 2 && s[i + 1] == '/';
		size_t k = i + 1 + (size_t)closing, ns = k;
		while (k < n && name_char(s[k]))
			k++;
		if (k == ns)
			fail("XML: element name expected", s, n, i);
		size_t nl = k - ns;
		if (closing) {
			while (k < n && strchr(" \t\r\n", s[k]) && s[k])
				k++;
			if (k >= n || s[k] != '>')
				fail("XML: '>' expected", s, n, k);
			if (!depth || lens[depth - 1] != nl || memcmp(stack[depth - 1], s + ns, nl))
				fail("XML: mismatched end tag", s, n, i);
			depth--;
			i = k + 1;
			continue;
		}
		for (;;) {
			size_t ws = k;
			while (k < n && strchr(" \t\r\n", s[k]) && s[k])
				k++;
			if (k < n && s[k] == '>') {
				if (!depth && roots++)
					fail("XML: second root element", s, n, i);
				if (depth == 64)
					fail("XML: nested too deeply", s, n, i);
				stack[depth] = s + ns;
				lens[depth++] = nl;
				k++;
				break;
			}
			if (n - k >= 2 && s[k] == '/' && s[k + 1] == '>') {
				if (!depth && roots++)
					fail("XML: second root element", s, n, i);
				k += 2;
				break;
			}
			if (k == ws)
				fail("XML: space expected before an attribute", s, n, k);
			size_t an = k;
			while (k < n && name_char(s[k]))
				k++;
			if (k == an || k >= n || s[k] != '=')
				fail("XML: attribute expected", s, n, k);
			k++;
			if (k >= n || (s[k] != '"' && s[k] != '\''))
				fail("XML: quoted attribute value expected", s, n, k);
			const char *q = memchr(s + k + 1, s[k], n - k - 1);
			if (!q)
				fail("XML: unterminated attribute value", s, n, k);
			xml_chars(s, n, k + 1, (size_t)(q - s));
			k = (size_t)(q - s) + 1;
		}
		i = k;
	}
	if (depth || !roots)
		fail("XML: unclosed element or no root", s, n, n);
}

/* ---- GitHub workflow commands and text ----------------------------------------- */

static void check_github(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		if (!nl)
			fail("github: last line without newline", s, n, i);
		size_t end = (size_t)(nl - s);
		if (!(end - i > 8 && (!memcmp(s + i, "::error ", 8) || !memcmp(s + i, "::notice ", 9) ||
				      (end - i > 10 && !memcmp(s + i, "::warning ", 10)))))
			fail("github: line is not a workflow command", s, n, i);
		const char *sep = NULL;
		for (size_t k = i + 2; k + 1 < end; k++)
			if (s[k] == ':' && s[k + 1] == ':') {
				sep = s + k;
				break;
			}
		if (!sep)
			fail("github: no '::' before the message", s, n, i);
		for (size_t k = i; k < end;) {
			uint32_t cp;
			size_t l = utf8((const unsigned char *)s + k, end - k, &cp);
			if (!l)
				fail("github: invalid UTF-8", s, n, k);
			if ((cp < 0x20 && cp != '\t') || cp == 0x7F)
				fail("github: control character", s, n, k);
			k += l;
		}
		i = end + 1;
	}
}

static void check_text(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
			fail("text: control character", s, n, k);
	}
}

/* Write report f of `in` to memory and check it. */
static void check_report(enum cl_format f, const struct cl_report_input *in,
			 const struct cl_report_opts *ro)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out)
		abort();
	cl_reporter(f)(out, in, ro);
	if (fclose(out))
		abort();
	if (memchr(buf, 0, len))
		fail("a NUL byte in the output", buf, len, (size_t)((char *)memchr(buf, 0, len) - buf));
	switch (f) {
	case CL_FMT_JSON: case CL_FMT_SARIF: case CL_FMT_CODECLIMATE:
		check_json(buf, len);
		break;
	case CL_FMT_JUNIT: case CL_FMT_CHECKSTYLE:
		check_xml(buf, len);
		break;
	case CL_FMT_GITHUB:
		check_github(buf, len);
		break;
	case CL_FMT_TEXT:
		if (!ro->color)
			check_text(buf, len);
		break;
	case CL_FMT_COUNT:
		break;
	}
	free(buf);
}

#endif
