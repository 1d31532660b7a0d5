/*
 * test_suppress.c - inline suppressions: directive parsing
 * (cl_directive_parse()) and applying them in a lint run
 * (cl_suppress_file() through cl_run_file()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "engine/engine.h"
#include "engine/suppress.h"
#include "yaml/comments.h"

/* ---- parsing ---------------------------------------------------------- */

/* The directive in the one comment of `text`; returns cl_directive_parse(). */
static int parse(struct arena *a, const char *text, struct cl_directive *d)
{
	struct ycomment *c;
	uint32_t n = yaml_comments(a, 0, text, strlen(text), NULL, 0, &c);
	assert_int_equal(n, 1);
	memset(d, 0x5a, sizeof *d);
	return cl_directive_parse(a, &c[0], d);
}

static void assert_error(const struct cl_directive *d, uint32_t i, const char *msg,
			 uint32_t col, uint32_t end_col)
{
	assert_true(i < d->errors.n);
	assert_string_equal(d->errors.v[i].msg, msg);
	assert_int_equal(d->errors.v[i].at.start.line, 1);
	assert_int_equal(d->errors.v[i].at.start.col, col);
	assert_int_equal(d->errors.v[i].at.end.col, end_col);
}

static void test_not_directives(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_directive d;
	assert_int_equal(parse(a, "# just a comment", &d), 0);
	assert_int_equal(parse(a, "# composelint disable=CL201 no colon", &d), 0);
	assert_int_equal(parse(a, "# ComposeLint: disable=CL201 case matters", &d), 0);
	assert_int_equal(parse(a, "# see composelint: disable=CL201 not at the start", &d), 0);
	arena_free(a);
}

static void test_trailing(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_directive d;
	assert_int_equal(parse(a, "image: x  # composelint: disable=CL201 pinned by renovate  ", &d),
			 1);
	assert_int_equal(d.kind, CL_DIR_LINE);
	assert_int_equal(d.malformed, 0);
	assert_int_equal(d.own_line, 0);
	assert_int_equal(d.errors.n, 0);
	assert_int_equal(d.at.start.col, 11);
	assert_int_equal(d.nrules, 1);
	assert_string_equal(d.rules[0].name, "CL201");
	assert_ptr_equal(d.rules[0].rule, &cl_rules[R_CL201]);
	assert_int_equal(d.rules[0].all, 0);
	assert_int_equal(d.rules[0].bad, 0);
	assert_int_equal(d.rules[0].used, 0);
	assert_int_equal(d.rules[0].at.start.col, 34);
	assert_int_equal(d.rules[0].at.end.col, 39);
	assert_string_equal(d.reason, "pinned by renovate");
	assert_int_equal(d.line, 0);
	arena_free(a);
}

static void test_rule_list(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_directive d;
	assert_int_equal(parse(a, "#composelint:disable=cl201,image-latest-tag , CL301,"
				  "mailu/image-digest,x_y.z  the reason, with commas", &d), 1);
	assert_int_equal(d.own_line, 1);
	assert_int_equal(d.errors.n, 0);
	assert_int_equal(d.nrules, 5);
	assert_string_equal(d.rules[0].name, "cl201");
	assert_ptr_equal(d.rules[0].rule, &cl_rules[R_CL201]);   /* ids: any case */
	assert_ptr_equal(d.rules[1].rule, &cl_rules[R_CL202]);   /* by name */
	assert_ptr_equal(d.rules[2].rule, &cl_rules[R_CL301]);
	assert_null(d.rules[3].rule);                             /* a policy id */
	assert_int_equal(d.rules[3].bad, 0);
	assert_string_equal(d.rules[3].name, "mailu/image-digest");
	assert_null(d.rules[4].rule);
	assert_string_equal(d.rules[4].name, "x_y.z");
	assert_int_equal(d.rules[2].at.start.col, 47);
	assert_string_equal(d.reason, "the reason, with commas");
	arena_free(a);
}

static void test_file_and_all(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_directive d;
	assert_int_equal(parse(a, "# composelint: disable-file=all generated file", &d), 1);
	assert_int_equal(d.kind, CL_DIR_FILE);
	assert_int_equal(d.nrules, 1);
	assert_int_equal(d.rules[0].all, 1);
	assert_null(d.rules[0].rule);
	assert_string_equal(d.reason, "generated file");
	assert_int_equal(parse(a, "# composelint:   disable-file = ALL,CL201 x", &d), 1);
	assert_int_equal(d.kind, CL_DIR_FILE);
	assert_int_equal(d.nrules, 2);
	assert_int_equal(d.rules[0].all, 1);
	assert_int_equal(d.errors.n, 0);
	arena_free(a);
}

static void test_no_reason(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_directive d;
	assert_int_equal(parse(a, "# composelint: disable=CL201", &d), 1);
	assert_int_equal(d.malformed, 0);
	assert_null(d.reason);
	assert_int_equal(d.nrules, 1);
	assert_int_equal(d.errors.n, 1);
	assert_error(&d, 0, "suppression without a reason; say why after the rule list", 1, 29);
	assert_int_equal(parse(a, "# composelint: disable=CL201   ", &d), 1);
	assert_null(d.reason);
	assert_int_equal(d.errors.n, 1);
	arena_free(a);
}

static void test_unknown_rules(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_directive d;
	assert_int_equal(parse(a, "# composelint: disable=CL201,CL999,cl2 why", &d), 1);
	assert_int_equal(d.malformed, 0);        /* CL201 still applies */
	assert_int_equal(d.nrules, 3);
	assert_int_equal(d.rules[0].bad, 0);
	assert_int_equal(d.rules[1].bad, 1);
	assert_int_equal(d.rules[2].bad, 1);
	assert_int_equal(d.errors.n, 2);
	assert_error(&d, 0, "unknown rule 'CL999'", 30, 35);
	assert_error(&d, 1, "unknown rule 'cl2'", 36, 39);
	/* the suppression rules themselves */
	assert_int_equal(parse(a, "# composelint: disable=unused-suppression,CL007 why", &d), 1);
	assert_int_equal(d.errors.n, 2);
	assert_int_equal(d.rules[0].bad, 1);
	assert_int_equal(d.rules[1].bad, 1);
	assert_error(&d, 0, "CL008 (unused-suppression) cannot be suppressed inline; "
			    "use --disable CL008", 24, 42);
	arena_free(a);
}

static void test_malformed(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_directive d;

	assert_int_equal(parse(a, "# composelint: disabel=CL201 typo", &d), 1);
	assert_int_equal(d.malformed, 1);
	assert_int_equal(d.errors.n, 1);
	assert_int_equal(d.nrules, 0);
	assert_error(&d, 0, "unknown directive 'disabel'; did you mean 'disable'?", 16, 23);

	assert_int_equal(parse(a, "# composelint: disable-fiel=CL201 typo", &d), 1);
	assert_error(&d, 0, "unknown directive 'disable-fiel'; did you mean 'disable-file'?", 16,
		     28);

	assert_int_equal(parse(a, "# composelint: enable=CL201 x", &d), 1);
	assert_int_equal(d.malformed, 1);
	assert_error(&d, 0, "unknown directive 'enable'; expected 'disable' or 'disable-file'", 16,
		     22);

	assert_int_equal(parse(a, "# composelint: disable CL201 x", &d), 1);
	assert_int_equal(d.malformed, 1);
	assert_error(&d, 0, "'disable' needs a list of rules: 'disable=RULE[,RULE...] REASON'", 16,
		     23);

	assert_int_equal(parse(a, "# composelint: disable=", &d), 1);
	assert_int_equal(d.malformed, 1);
	assert_error(&d, 0, "missing rule after '='", 24, 24);

	assert_int_equal(parse(a, "# composelint: disable= why", &d), 1);
	assert_int_equal(d.malformed, 0);        /* `why` is taken as a (policy) rule id */
	assert_string_equal(d.rules[0].name, "why");

	assert_int_equal(parse(a, "# composelint: disable=CL201,", &d), 1);
	assert_int_equal(d.malformed, 1);
	assert_error(&d, 0, "missing rule after ','", 30, 30);

	assert_int_equal(parse(a, "# composelint: disable=CL201;CL202 x", &d), 1);
	assert_int_equal(d.malformed, 1);
	assert_error(&d, 0, "unexpected ';' in the rule list; separate rules with ',' and the "
			    "reason with a space", 29, 30);

	assert_int_equal(parse(a, "# composelint: disable=\xC3\xA9 x", &d), 1);
	assert_int_equal(d.malformed, 1);
	assert_error(&d, 0, "expected a rule after '=', not '\xC3\xA9'", 24, 25);

	assert_int_equal(parse(a, "# composelint:", &d), 1);
	assert_int_equal(d.malformed, 1);
	assert_error(&d, 0, "'composelint:' comment without a directive; expected "
			    "'disable=RULE' or 'disable-file=RULE'", 1, 15);
	arena_free(a);
}

/* ---- applying, through a lint run ---------------------------------------- */

struct run {
	struct cl_run run;
	char path[64];
};

static void lint(struct run *r, const char *text)
{
	snprintf(r->path, sizeof r->path, "/tmp/cl-test-suppress-XXXXXX");
	int fd = mkstemp(r->path);
	assert_true(fd >= 0);
	size_t len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	cl_run_init(&r->run);
	cl_run_file(&r->run, r->path);
	cl_run_finish(&r->run);
	unlink(r->path);
}

static void done(struct run *r)
{
	cl_run_release(&r->run);
}

/* The finding of rule `rule` at line:col, or NULL. */
static const struct cl_finding *find(const struct run *r, enum cl_rule_index rule, uint32_t line,
				     uint32_t col)
{
	for (size_t i = 0; i < r->run.findings.n; i++) {
		const struct cl_finding *f = &r->run.findings.v[i];
		if (f->rule == &cl_rules[rule] && f->at.start.line == line &&
		    f->at.start.col == col)
			return f;
	}
	return NULL;
}

static size_t count(const struct run *r, enum cl_rule_index rule)
{
	size_t n = 0;
	for (size_t i = 0; i < r->run.findings.n; i++)
		n += r->run.findings.v[i].rule == &cl_rules[rule];
	return n;
}

static void test_apply_trailing_and_stacked(void **state)
{
	(void)state;
	struct run r;
	lint(&r, "services:\n"
		 "  web:\n"
		 "    image: nginx:1.25 # composelint: disable=CL201 renovate pins it\n"
		 "    # composelint: disable=CL303 needs setuid\n"
		 "    # an ordinary comment in the stack\n"
		 "    # composelint: disable=CL201 also here\n"
		 "    security_opt: [\"no-new-privileges:false\"]\n");
	const struct cl_finding *f = find(&r, R_CL201, 3, 12);
	assert_non_null(f);
	assert_int_equal(f->suppressed, CL_SUPP_INLINE);
	assert_string_equal(f->suppress_reason, "renovate pins it");
	assert_int_equal(f->suppress_at.start.line, 3);
	assert_int_equal(f->suppress_at.start.col, 23);
	f = find(&r, R_CL303, 7, 20);
	assert_non_null(f);
	assert_int_equal(f->suppressed, CL_SUPP_INLINE);
	assert_string_equal(f->suppress_reason, "needs setuid");
	assert_int_equal(f->suppress_at.start.line, 4);
	/* the CL201 of line 6 targets line 7, which has no CL201 finding */
	f = find(&r, R_CL008, 6, 28);
	assert_non_null(f);
	assert_string_equal(f->message, "no CL201 finding on line 7 to suppress");
	assert_int_equal(count(&r, R_CL008), 1);
	assert_int_equal(count(&r, R_CL007), 0);
	done(&r);
}

static void test_apply_blank_line_breaks(void **state)
{
	(void)state;
	struct run r;
	lint(&r, "services:\n"
		 "  web:\n"
		 "    # composelint: disable=CL201 too far away\n"
		 "\n"
		 "    image: nginx:1.25\n"
		 "# composelint: disable=CL201 at the end\n");
	const struct cl_finding *f = find(&r, R_CL201, 5, 12);
	assert_non_null(f);
	assert_int_equal(f->suppressed, CL_SUPP_NONE);
	f = find(&r, R_CL008, 3, 5);
	assert_non_null(f);
	assert_string_equal(f->message, "suppresses nothing: a blank line separates this comment "
					"from the line it would apply to");
	f = find(&r, R_CL008, 6, 1);
	assert_non_null(f);
	assert_string_equal(f->message, "suppresses nothing: no line below this comment to apply to");
	done(&r);
}

static void test_apply_file_and_all(void **state)
{
	(void)state;
	struct run r;
	lint(&r, "services:\n"
		 "  web:  # composelint: disable=all demo only\n"
		 "    image: nginx:1.25\n"
		 "    privileged: true\n"
		 "# composelint: disable-file=image-not-pinned,CL202 demo images\n"
		 "# composelint: disable-file=CL304 nothing to do\n");
	for (size_t i = 0; i < r.run.findings.n; i++) {
		const struct cl_finding *f = &r.run.findings.v[i];
		if (f->rule == &cl_rules[R_CL008] || f->rule == &cl_rules[R_CL007])
			continue;
		if (f->rule == &cl_rules[R_CL301]) {
			assert_int_equal(f->suppressed, CL_SUPP_NONE);
		} else {
			if (!f->suppressed)
				fail_msg("%s at %u:%u not suppressed", f->rule->id, f->at.start.line,
					 f->at.start.col);
			/* a line directive wins over a file directive */
			assert_string_equal(f->suppress_reason,
					    f->at.start.line == 2 ? "demo only" : "demo images");
		}
	}
	assert_non_null(find(&r, R_CL201, 3, 12));
	const struct cl_finding *f = find(&r, R_CL008, 6, 29);
	assert_non_null(f);
	assert_string_equal(f->message, "no CL304 finding in this file to suppress");
	f = find(&r, R_CL008, 5, 46);
	assert_non_null(f);
	assert_string_equal(f->message, "no CL202 finding in this file to suppress");
	assert_int_equal(count(&r, R_CL008), 2);
	assert_int_equal(count(&r, R_CL007), 0);
	done(&r);
}

static void test_apply_disabled_rule_not_unused(void **state)
{
	(void)state;
	struct run r;
	snprintf(r.path, sizeof r.path, "/tmp/cl-test-suppress-XXXXXX");
	int fd = mkstemp(r.path);
	assert_true(fd >= 0);
	const char *text = "services:\n"
			   "  web:\n"
			   "    image: nginx:1.25 # composelint: disable=CL201,CL202 why\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	cl_run_init(&r.run);
	cl_rule_enable(&r.run.rules, &cl_rules[R_CL201], 0, CL_FROM_CLI);
	cl_run_file(&r.run, r.path);
	cl_run_finish(&r.run);
	unlink(r.path);
	/* CL201 did not run: not reported unused; CL202 ran and found nothing */
	assert_int_equal(count(&r, R_CL008), 1);
	const struct cl_finding *f = find(&r, R_CL008, 3, 52);
	assert_non_null(f);
	assert_string_equal(f->message, "no CL202 finding on this line to suppress");
	done(&r);
}

static void test_apply_not_on_yaml_error(void **state)
{
	(void)state;
	struct run r;
	lint(&r, "services:\n"
		 "  web:\n"
		 "    image: nginx:1.25 # composelint: disable=CL201 why\n"
		 "  bad: [\n");
	assert_int_equal(count(&r, R_CL001), 1);
	assert_int_equal(count(&r, R_CL007) + count(&r, R_CL008), 0);
	for (size_t i = 0; i < r.run.findings.n; i++)
		assert_int_equal(r.run.findings.v[i].suppressed, CL_SUPP_NONE);
	done(&r);
}

static void test_apply_counts(void **state)
{
	(void)state;
	struct run r;
	lint(&r, "services:\n"
		 "  web:\n"
		 "    image: nginx:1.25@sha256:0123456789012345678901234567890123456789012345678901234567890123\n"
		 "    privileged: true # composelint: disable=privileged lab machine\n"
		 "    read_only: true\n"
		 "    cap_drop: [ALL]\n"
		 "    security_opt: [\"no-new-privileges:true\"]\n");
	cl_run_finish(&r.run);
	assert_int_equal(cl_findings_count(&r.run.findings, CL_ERROR), 0);
	assert_int_equal(cl_findings_count(&r.run.findings, CL_WARNING), 0);
	assert_int_equal(cl_findings_count(&r.run.findings, CL_NOTE), 0);
	assert_int_equal(cl_findings_suppressed(&r.run.findings), 1);
	done(&r);
}

/* A tall stack of directive comments: all apply to the line below it, and a
 * blank line inside the stack cuts off the part above it. */
static void test_apply_tall_stack(void **state)
{
	(void)state;
	enum { N = 3000 };
	size_t cap = (size_t)N * 64 + 256, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len, "services:\n  web:\n");
	for (int i = 0; i < N; i++) {
		if (i == N / 2)
			len += (size_t)snprintf(text + len, cap - len, "\n");
		len += (size_t)snprintf(text + len, cap - len,
					"    # composelint: disable=CL201 reason %d\n", i);
	}
	len += (size_t)snprintf(text + len, cap - len, "    image: nginx:1.25\n");
	struct run r;
	lint(&r, text);
	free(text);
	uint32_t image_line = 2 + N + 1 + 1;
	const struct cl_finding *f = find(&r, R_CL201, image_line, 12);
	assert_non_null(f);
	assert_int_equal(f->suppressed, CL_SUPP_INLINE);
	/* the first directive after the blank line gives the reason */
	assert_string_equal(f->suppress_reason, "reason 1500");
	assert_int_equal(f->suppress_at.start.line, 2 + N / 2 + 2);
	/* the half above the blank line: only its last comment touches the blank
	 * line, the others reach it through the stack; all are unused */
	assert_int_equal(count(&r, R_CL008), N / 2);
	for (size_t i = 0; i < r.run.findings.n; i++) {
		const struct cl_finding *x = &r.run.findings.v[i];
		if (x->rule != &cl_rules[R_CL008])
			continue;
		assert_true(x->at.start.line <= 2 + N / 2);
		assert_string_equal(x->message, "suppresses nothing: a blank line separates this "
						"comment from the line it would apply to");
	}
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_directives),
		cmocka_unit_test(test_trailing),
		cmocka_unit_test(test_rule_list),
		cmocka_unit_test(test_file_and_all),
		cmocka_unit_test(test_no_reason),
		cmocka_unit_test(test_unknown_rules),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_apply_trailing_and_stacked),
		cmocka_unit_test(test_apply_blank_line_breaks),
		cmocka_unit_test(test_apply_file_and_all),
		cmocka_unit_test(test_apply_disabled_rule_not_unused),
		cmocka_unit_test(test_apply_not_on_yaml_error),
		cmocka_unit_test(test_apply_counts),
		cmocka_unit_test(test_apply_tall_stack),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
