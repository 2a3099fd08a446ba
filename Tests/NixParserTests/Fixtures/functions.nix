let
  compose = f: g: x: f (g x);
  flip = f: a: b: f b a;
  defaults = { a ? 1, b ? a + 1, ... }@all: a + b + (all.c or 0);
  fix = f: let x = f x; in x;
in
rec {
  two = compose (x: x + 1) (x: x * 2) 0;
  sub = flip (a: b: a - b) 1 10;
  cmp = [ (1 < 2) (2 > 1) (1 <= 1) (2 >= 3) (-1) (!true) ];
  sets = { a = 1; } // { b = 2; } ? a;
  fixed = (fix (self: { a = 1; b = self.a; })).b;
  legacy = let { x = 1; body = x; };
  pos = __curPos;
  usesRec = two + sub;
  dyn = { ${"a" + "b"} = 1; "c${"d"}" = 2; };
}
