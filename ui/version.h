/* SPDX-License-Identifier: MIT */
#ifndef UI_VERSION_H
#define UI_VERSION_H
const char *gossipsim_version(void);
#endif
