/*
 * peak.c - run a command and write its peak resident memory (KiB) to the
 * file named by $PEAK_FILE; exit with the command's status.  A small
 * parent, so that the child's figure is its own: a child forked from a
 * big parent (an interpreter) counts the parent's pages until it execs.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *out = getenv("PEAK_FILE");
	if (argc < 2 || !out)
		return 125;
	pid_t pid = fork();
	if (pid < 0)
		return 125;
	if (!pid) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) != pid)
		return 125;
	FILE *f = fopen(out, "w");
	if (!f)
		return 125;
	fprintf(f, "%ld\n", ru.ru_maxrss);
	fclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
