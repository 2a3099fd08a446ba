let {
  a = 1;
  f = x: x;
  body = with { or = f; }; [ (f or) a ];
}
