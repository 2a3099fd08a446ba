{
  nixpkgs = import <nixpkgs> { };
  lib = <nixpkgs/lib>;
  url = https://example.org/archive.tar.gz?ref=main;
  scheme = git+ssh://git@example.org/repo.git;
  abs = /nix/store/./abc/../def;
  here = ./default.nix;
  up = ./sub/../other.nix;
  bare = dir/file.nix;
  home = ~/config.nix;
  pos = __curPos;
  interpolated = /etc/${"hosts"};
}
