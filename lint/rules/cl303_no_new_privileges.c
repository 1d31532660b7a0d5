/*
 * CL303 no-new-privileges: without it a setuid binary inside the container
 * can raise its privileges.  Docker accepts "no-new-privileges",
 * "no-new-privileges:true" and "no-new-privileges=true".
 */
#include "rules/check.h"

#include <string.h>

void cl_check_no_new_privileges(struct cl_ctx *ctx, const struct cl_project *p)
{
	static const char key[] = "no-new-privileges";
	CL_FOR_EACH_SERVICE(p, s) {
		const struct cl_strlist *l = &s->security_opt;
		const struct cl_val *off = NULL;
		int on = 0;
		for (uint32_t i = 0; i < l->n; i++) {
			const char *o = cl_str(&l->items[i]);
			if (!o || strncmp(o, key, sizeof key - 1))
				continue;
			const char *rest = o + sizeof key - 1;
			if (!*rest || !strcmp(rest, ":true") || !strcmp(rest, "=true"))
				on = 1;
			else if (!strcmp(rest, ":false") || !strcmp(rest, "=false"))
				off = &l->items[i];
		}
		if (on)
			continue;
		if (off)
			cl_report(ctx, R_CL303, s, off, "security_opt turns no-new-privileges off");
		else if (l->node.node)
			cl_report(ctx, R_CL303, s, &l->node,
				  "security_opt does not contain 'no-new-privileges:true'");
		else
			cl_report(ctx, R_CL303, s, NULL,
				  "service '%s' does not set no-new-privileges:true in security_opt",
				  s->name);
	}
}
