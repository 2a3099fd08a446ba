let
  inherit (builtins) map filter;
  b = a + 1;
  a = 1;
  set = rec { x = y; y = 2; };
  check = assert a < b; if a == 1 then "one" else "other";
  scoped = with set; x + y;
in {
  inherit a b check scoped;
  result = map (v: v * 2) (filter (v: v > 1) [ 1 2 3 ]);
}
