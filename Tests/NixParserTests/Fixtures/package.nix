{ stdenv, fetchurl, lib, enableDocs ? false, ... }@args:

assert enableDocs -> stdenv.isLinux;

stdenv.mkDerivation rec {
  pname = "hello";
  version = "2.12.1";
  src = fetchurl {
    url = "mirror://gnu/hello/${pname}-${version}.tar.gz";
    sha256 = "086vqwk2wl8zfs47sq2xpjc9k066ilmb8z6dn0q6ymwjzlm196cd";
  };
  doCheck = !stdenv.hostPlatform.isStatic && version >= "2";
  configureFlags = [ "--disable-nls" ] ++ lib.optional enableDocs "--enable-docs";
  meta = with lib; {
    description = "A program that produces a familiar, friendly greeting";
    license = licenses.gpl3Plus;
    platforms = platforms.all;
  };
}
