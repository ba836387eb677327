/* SPDX-License-Identifier: MIT */
/*
 * module.c: finding and opening the drawing module, gossipsim-gfx.so. SDL2, SDL2_ttf,
 * cairo and fontconfig bring some sixty shared libraries with them (X11, Wayland,
 * PulseAudio, harfbuzz...). A binary linked with them spends several milliseconds of CPU
 * in the dynamic loader before main() on every run, every benchmark and test run
 * included, although only the window and the charts use them. So the binary links none
 * of them, and opens the module with dlopen() when --gui, --screenshot or --plot asks.
 *
 * Where: in $GOSSIPSIM_MODULE_DIR alone when it is set (to try another build's module, or
 * none); otherwise in the binary's own folder (a build tree: ./build/gossipsim works
 * without an install), then the folder the build was configured to install it in, then
 * that folder relative to the binary's (bin/../lib/gossipsim, for an install under
 * another prefix). The first file found is the one used: one that does not load is
 * reported, not passed over for another that may be older still.
 *
 * The module is never closed: its code runs until the process ends, and a leak checker
 * at exit can still name its frames.
 *
 * A module built with AddressSanitizer (gcc links it to libasan.so) would stop a binary
 * built without it, or with another compiler's ASan, inside dlopen(), with a message of
 * ASan's and exit code 1; that case is told apart beforehand, from the libraries the file
 * says it needs.
 */
#include "module.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "version.h"

#ifndef GOSSIPSIM_INSTALL_MODULEDIR
#define GOSSIPSIM_INSTALL_MODULEDIR "/usr/local/lib/gossipsim"
#endif
#ifndef GOSSIPSIM_MODULE_FROM_BINDIR
#define GOSSIPSIM_MODULE_FROM_BINDIR "../lib/gossipsim"
#endif

#define MAX_PLACES 3
#define PLACE_LEN 4096

/* Whether this binary carries AddressSanitizer: gcc and clang tell it differently. */
#if defined(__SANITIZE_ADDRESS__)
#define BUILT_WITH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BUILT_WITH_ASAN 1
#endif
#endif
#ifndef BUILT_WITH_ASAN
#define BUILT_WITH_ASAN 0
#endif
/*
 * The shared ASan runtimes a module may need that this binary cannot host: both without
 * ASan, else the other compiler's (gcc's libasan.so, clang's libclang_rt.asan).
 */
#if !BUILT_WITH_ASAN
static const char *const foreign_asan[] = {"libasan.so", "libclang_rt.asan", NULL};
#elif defined(__clang__)
static const char *const foreign_asan[] = {"libasan.so", NULL};
#else
static const char *const foreign_asan[] = {"libclang_rt.asan", NULL};
#endif

/* The folders to look in, in order, each once. */
struct places {
	char dir[MAX_PLACES][PLACE_LEN];
	int n;
};

static void places_add(struct places *p, const char *dir)
{
	if (!dir[0] || strlen(dir) >= PLACE_LEN || p->n == MAX_PLACES)
		return;
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->dir[i], dir) == 0)
			return;
	strcpy(p->dir[p->n++], dir);
}

/* dir/name into buf ("/" and name gives "/name"); -1 when it does not fit. */
static int join(const char *dir, const char *name, char *buf, size_t len)
{
	size_t n = strlen(dir);
	int w = snprintf(buf, len, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);

	return w < 0 || (size_t)w >= len ? -1 : 0;
}

/* The running binary's folder into buf; -1 when /proc cannot say. */
static int binary_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	slash[slash == buf] = '\0';     /* a binary in / keeps its "/" */
	return 0;
}

/*
 * The folder rel names from dir, into buf: each leading "../" of rel takes the last folder
 * off dir, so that the message shows /opt/gs/lib/gossipsim, not /opt/gs/bin/../lib/...
 */
static int relative_to(const char *dir, const char *rel, char *buf, size_t len)
{
	char base[PLACE_LEN];
	char *slash;

	if (strlen(dir) >= sizeof(base))
		return -1;
	strcpy(base, dir);
	while (strncmp(rel, "../", 3) == 0 || strcmp(rel, "..") == 0) {
		slash = strrchr(base, '/');
		if (!slash)
			return -1;
		slash[slash == base] = '\0';   /* above / is / */
		rel += rel[2] ? 3 : 2;
	}
	if (!rel[0]) {
		int w = snprintf(buf, len, "%s", base);
		return w < 0 || (size_t)w >= len ? -1 : 0;
	}
	return join(base, rel, buf, len);
}

static void places_find(struct places *p)
{
	const char *env = getenv("GOSSIPSIM_MODULE_DIR");
	char bin[PLACE_LEN], dir[PLACE_LEN];
	int have_bin;

	p->n = 0;
	if (env && env[0]) {
		places_add(p, env);
		return;
	}
	have_bin = binary_dir(bin, sizeof(bin)) == 0;
	if (have_bin)
		places_add(p, bin);
	places_add(p, GOSSIPSIM_INSTALL_MODULEDIR);
	if (have_bin && relative_to(bin, GOSSIPSIM_MODULE_FROM_BINDIR, dir, sizeof(dir)) == 0)
		places_add(p, dir);
}

/* "gossipsim: --plot needs the drawing module gossipsim-gfx.so: not found in A, B and C" */
static void say_not_found(const struct places *p, const char *what, FILE *err)
{
	fprintf(err, "gossipsim: %s needs the drawing module %s: not found", what,
	        MODULE_GFX_FILE);
	for (int i = 0; i < p->n; i++)
		fprintf(err, "%s%s", i == 0 ? " in " : i == p->n - 1 ? " and " : ", ", p->dir[i]);
	fputc('\n', err);
}

static const struct module_gfx *refuse(const char *what, const char *path, const char *why,
                                       FILE *err)
{
	fprintf(err, "gossipsim: %s needs the drawing module %s, which cannot be loaded: %s\n",
	        what, path, why);
	return NULL;
}

/* Whether name starts with one of prefixes (NULL-terminated). */
static int starts_with_any(const char *name, size_t len, const char *const *prefixes)
{
	for (; *prefixes; prefixes++)
		if (strnlen(name, len) >= strlen(*prefixes) &&
		    strncmp(name, *prefixes, strlen(*prefixes)) == 0)
			return 1;
	return 0;
}

/* Whether the ELF image p of size bytes needs (DT_NEEDED) a library named by prefixes. */
static int image_needs(const unsigned char *p, size_t size, const char *const *prefixes)
{
	const Elf64_Ehdr *eh = (const void *)p;
	const Elf64_Shdr *sh, *str;
	const Elf64_Dyn *d;

	/* every offset is checked against the size before it is followed */
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff % 8 != 0 ||
	    eh->e_shoff > size || eh->e_shnum > (size - eh->e_shoff) / sizeof(Elf64_Shdr))
		return 0;
	sh = (const void *)(p + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_DYNAMIC || sh[i].sh_link >= eh->e_shnum ||
		    sh[i].sh_offset % 8 != 0 || sh[i].sh_offset > size ||
		    sh[i].sh_size > size - sh[i].sh_offset)
			continue;
		str = &sh[sh[i].sh_link];
		if (str->sh_offset > size || str->sh_size > size - str->sh_offset)
			continue;
		d = (const void *)(p + sh[i].sh_offset);
		for (size_t k = 0; k < sh[i].sh_size / sizeof(*d) && d[k].d_tag != DT_NULL; k++)
			if (d[k].d_tag == DT_NEEDED && d[k].d_un.d_val < str->sh_size &&
			    starts_with_any((const char *)p + str->sh_offset + d[k].d_un.d_val,
			                    str->sh_size - d[k].d_un.d_val, prefixes))
				return 1;
	}
	return 0;
}

/*
 * Whether the 64-bit ELF file at path needs a library whose name starts with one of
 * prefixes. 0 for a file that does not read as one: dlopen() then says what is wrong.
 */
static int elf_needs(const char *path, const char *const *prefixes)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), found = 0;
	struct stat st;
	void *map = MAP_FAILED;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size >= (off_t)sizeof(Elf64_Ehdr))
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	found = image_needs(map, (size_t)st.st_size, prefixes);
	munmap(map, (size_t)st.st_size);
	return found;
}

/* Opens the module at path and checks that it is this build's. */
static const struct module_gfx *module_open(const char *path, const char *what, FILE *err)
{
	const struct module_gfx *(*entry)(void);
	const struct module_gfx *m;
	const char *e;
	char why[512];
	size_t n = strlen(path);
	void *handle;

	if (elf_needs(path, foreign_asan))
		return refuse(what, path, BUILT_WITH_ASAN ?
		              "it was built with another compiler's AddressSanitizer" :
		              "it was built with AddressSanitizer, this gossipsim was not", err);
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		e = dlerror();
		if (!e)
			e = "the dynamic loader gives no reason";
		/* the loader's reason mostly starts with the path, which the message has already */
		if (strncmp(e, path, n) == 0 && strncmp(e + n, ": ", 2) == 0)
			e += n + 2;
		return refuse(what, path, e, err);
	}
	/* POSIX makes dlsym()'s object pointer convertible to a function pointer */
	entry = (const struct module_gfx *(*)(void))dlsym(handle, MODULE_GFX_ENTRY);
	m = entry ? entry() : NULL;
	if (!m)
		snprintf(why, sizeof(why), "it has no %s", MODULE_GFX_ENTRY);
	else if (m->abi != MODULE_GFX_ABI)
		snprintf(why, sizeof(why), "its table is version %d, this gossipsim reads "
		         "version %d", m->abi, MODULE_GFX_ABI);
	else if (!m->version || strcmp(m->version, gossipsim_version()) != 0)
		snprintf(why, sizeof(why), "it was built for gossipsim %s, this is gossipsim %s",
		         m->version ? m->version : "?", gossipsim_version());
	else if (m->options_size != sizeof(struct cli_options) ||
	         m->scenario_size != sizeof(struct cfg_scenario) || !m->plot_write)
		snprintf(why, sizeof(why), "it comes from another build of gossipsim %s",
		         gossipsim_version());
	else
		return m;
	dlclose(handle);
	return refuse(what, path, why, err);
}

const struct module_gfx *module_gfx_load(const char *what, FILE *err)
{
	static const struct module_gfx *loaded;
	struct places p;
	char path[PLACE_LEN + sizeof(MODULE_GFX_FILE) + 1];

	if (loaded)
		return loaded;
	places_find(&p);
	for (int i = 0; i < p.n; i++) {
		if (join(p.dir[i], MODULE_GFX_FILE, path, sizeof(path)) != 0 ||
		    access(path, F_OK) != 0)
			continue;
		loaded = module_open(path, what, err);
		return loaded;
	}
	say_not_found(&p, what, err);
	return NULL;
}
