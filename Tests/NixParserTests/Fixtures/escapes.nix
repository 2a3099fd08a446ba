[
  "plain"
  "quote \" backslash \\ newline \n tab \t cr \r"
  "unknown \q escape \$ dollar"
  "not interpolated: \${x} and $${x} and $ alone $"
  "${"nested ${"twice"}"}"
  "mixed ${toString 1} and ${toString 2}!"
  ""
  "multi
line"
]
