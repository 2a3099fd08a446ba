name: {
  script = ''
    #!/bin/sh
    echo "hello ${name}"
      indented more
    ''${literal} and ''' quotes and ''\t tab
  '';
  oneLine = ''  spaced  '';
  firstLineCounts = ''first
      second'';
  interpolationFirst = ''
    ${name}: value
    rest
  '';
  blank = ''

  '';
  tabs = ''
	tab-indented
  '';
}
