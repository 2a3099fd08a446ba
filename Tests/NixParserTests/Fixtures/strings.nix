let
  name = "world";
in
{
  plain = "tab\there, quote \" and backslash \\";
  dollar = "$${name} and \${name} and $";
  interpolated = "hello ${name}!";
  script = ''
    #!/bin/sh
    echo "hello ${name}"
      indented more
    echo ''${HOME} '''quoted''' ''\t
  '';
  oneLine = ''  leading spaces'';
  uri = https://example.org/a?b=c;
  search = <nixpkgs/lib>;
}
