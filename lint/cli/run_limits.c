/* run_limits.c - --max-memory and --timeout (see run_limits.h). */
#include "cli/run_limits.h"
#include "base/arena.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static jmp_buf *catcher;
static size_t max_memory;
static unsigned timeout;
static char stopped[200];

static void stop(enum mem_stop why)
{
	if (why == MEM_STOP_MEMORY)
		snprintf(stopped, sizeof stopped,
			 "the run stopped: composelint's memory reached the limit of %zu bytes "
			 "(--max-memory); what was not linted yet is not judged", max_memory);
	else
		snprintf(stopped, sizeof stopped,
			 "the run stopped at the time limit of %u seconds (--timeout); what was not "
			 "linted yet is not judged", timeout);
	alarm(0);
	if (catcher)
		longjmp(*catcher, 1);
	fprintf(stderr, "composelint: %s\n", stopped);
	exit(2);
}

static void on_alarm(int sig)
{
	(void)sig;
	mem_request_stop();
}

void run_limits_arm(size_t bytes, unsigned seconds)
{
	max_memory = bytes;
	timeout = seconds;
	mem_set_limit(bytes, stop);
	if (seconds) {
		struct sigaction sa;
		sa.sa_handler = on_alarm;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESTART;
		sigaction(SIGALRM, &sa, NULL);
		alarm(seconds);
	}
}

void run_limits_catch(jmp_buf *target)
{
	catcher = target;
	if (!target) {
		mem_disarm();
		alarm(0);
	}
}

const char *run_limits_stopped(void)
{
	return stopped[0] ? stopped : NULL;
}
