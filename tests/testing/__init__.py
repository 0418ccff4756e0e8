"""Helpers shared by the tests: hermetic git repositories (gitrepo), real SSH keys (sshkeys), adopted
governed repositories (governed) and the works a site is built from (site_works)."""
