# Every binary operator, mixed so that each precedence level shows.
a: b: c: {
  implication = a -> b -> c || a && b;
  comparison = a == b && b != c || a < b && b > c || a <= c && c >= a;
  arithmetic = a + b * c - a / b - -c;
  lists = [ a ] ++ [ b ] ++ [ c ];
  update = a // b // { inherit c; };
  negation = !a || !b + c;
  hasAttr = a ? b.c && a ? "d e" || (a.b or c) ? ${"x"};
  calls = (a b) c (b < c) a;
}
