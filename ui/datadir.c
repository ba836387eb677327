/* SPDX-License-Identifier: MIT */
/*
 * datadir.c: resolving data files. An explicit $GOSSIPSIM_DATADIR always wins, so tests and
 * users can point at another tree. Otherwise a binary run from its build tree reads the
 * source tree (GOSSIPSIM_SOURCE_DATADIR) as long as the file is there, and an installed
 * binary reads GOSSIPSIM_INSTALL_DATADIR, or, when it was installed under another prefix
 * than the one it was configured for, share/gossipsim beside its own bin/ folder. Nothing
 * is cached: the environment is read on each call, which costs little next to opening
 * the file.
 */
#include "datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GOSSIPSIM_SOURCE_DATADIR
#define GOSSIPSIM_SOURCE_DATADIR ""
#endif
#ifndef GOSSIPSIM_INSTALL_DATADIR
#define GOSSIPSIM_INSTALL_DATADIR "/usr/local/share/gossipsim"
#endif

/* Joins dir and rel into buf; NULL when it does not fit. */
static char *join(const char *dir, const char *rel, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", dir, rel);

	if (n < 0 || (size_t)n >= len)
		return NULL;
	return buf;
}

/* PREFIX/share/gossipsim/rel for a binary at PREFIX/bin/gossipsim; NULL when unknown. */
static char *beside_binary(const char *rel, char *buf, size_t len)
{
	char exe[4096], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	for (int up = 0; up < 2; up++) {
		slash = strrchr(exe, '/');
		if (slash == NULL)
			return NULL;
		*slash = '\0';
	}
	n = snprintf(buf, len, "%s/share/gossipsim/%s", exe, rel);
	return n < 0 || (size_t)n >= len ? NULL : buf;
}

char *deck_data_path(const char *rel, char *buf, size_t len)
{
	const char *env = getenv("GOSSIPSIM_DATADIR");

	if (rel[0] == '/') {
		int n = snprintf(buf, len, "%s", rel);
		return n < 0 || (size_t)n >= len ? NULL : buf;
	}
	if (env && env[0])
		return join(env, rel, buf, len);
	if (GOSSIPSIM_SOURCE_DATADIR[0] && join(GOSSIPSIM_SOURCE_DATADIR, rel, buf, len) &&
	    access(buf, F_OK) == 0)
		return buf;
	if (join(GOSSIPSIM_INSTALL_DATADIR, rel, buf, len) && access(buf, F_OK) == 0)
		return buf;
	if (beside_binary(rel, buf, len) && access(buf, F_OK) == 0)
		return buf;
	return join(GOSSIPSIM_INSTALL_DATADIR, rel, buf, len);
}
