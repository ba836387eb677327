/* SPDX-License-Identifier: MIT */
/* version.c: the version string, as the build set it. */
#include "version.h"

const char *gossipsim_version(void) { return GOSSIPSIM_VERSION; }
