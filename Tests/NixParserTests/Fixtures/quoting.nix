{
  zebra = 1;
  Apple = 2;
  apple = 3;
  "_underscore" = 4;
  "1st" = 5;
  "with space" = 6;
  "if" = 7;
  "or" = 8;
  "then" = 9;
  "inherit" = 10;
  "dash-and'quote" = 11;
  "" = 12;
  "dollar${"$"}" = 13;
  "tab\tnewline\n" = 14;
  "ünïcode" = 15;
}
