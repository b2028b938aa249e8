#ifndef MAMORI_CSPAWN_H
#define MAMORI_CSPAWN_H

// The GNU extensions of posix_spawn and pipe that ChildProcess needs (Swift's Glibc module leaves them out: it is built
// without _GNU_SOURCE).
#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends closed on exec from the start.
int cspawn_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np (glibc 2.29).
int cspawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34): every descriptor from `from` on closed in the child.
int cspawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);

#endif
