import Foundation
import Inventory
import NixEval
import NixLexer
import Testing

/// nixinv's `lib` against the results nixpkgs' lib gives (checked with nix-instantiate).
@Suite struct LibTests {
  static let cases: [(String, String)] = [
    (#"lib.splitString "," "a,b,,c""#, #"[ "a" "b" "" "c" ]"#),
    (#"lib.toUpper "abc""#, #""ABC""#),
    ("lib.unique [ 1 2 1 3 ]", "[ 1 2 3 ]"),
    ("lib.recursiveUpdate { a.b = 1; c = 2; } { a.d = 3; }", "{ a = { b = 1; d = 3; }; c = 2; }"),
    ("lib.sublist 1 2 [ 1 2 3 4 ]", "[ 2 3 ]"),
    ("lib.foldr (a: b: a + b) 0 [ 1 2 3 ]", "6"),
    (#"lib.hasSuffix "ab" "cab""#, "true"),
    (#"lib.removePrefix "x" "xyz""#, #""yz""#),
    (#"lib.mapAttrs' (n: v: lib.nameValuePair "p${n}" v) { a = 1; }"#, "{ pa = 1; }"),
    ("lib.reverseList [ 1 2 3 ]", "[ 3 2 1 ]"),
    ("lib.range 2 5", "[ 2 3 4 5 ]"),
    ("lib.init [ 1 2 3 ]", "[ 1 2 ]"),
    (#"lib.attrByPath [ "a" "b" ] 0 { a.b = 5; }"#, "5"),
    (#"lib.setAttrByPath [ "a" "b" ] 1"#, "{ a = { b = 1; }; }"),
    ("lib.flatten [ 1 [ 2 [ 3 ] ] ]", "[ 1 2 3 ]"),
    ("lib.imap1 (i: v: i * v) [ 5 6 ]", "[ 5 12 ]"),
    ("lib.zipListsWith (a: b: a + b) [ 1 2 ] [ 3 4 5 ]", "[ 4 6 ]"),
    ("lib.mkForce 1", "{ _type = \"override\"; content = 1; priority = 50; }"),
    (#"lib.genAttrs [ "x" ] (n: n)"#, #"{ x = "x"; }"#),
    (#"lib.filterAttrs (n: v: v > 1) { a = 1; b = 2; }"#, "{ b = 2; }"),
    (#"lib.concatMapStringsSep "-" toString [ 1 2 ]"#, #""1-2""#),
    ("lib.optionalAttrs false { a = 1; }", "{ }"),
    (#"lib.mkOption { default = 1; description = "d"; }"#, #"{ _type = "option"; default = 1; description = "d"; }"#),
    (#"removeAttrs (lib.mkEnableOption "foo") [ "type" ]"#, #"{ _type = "option"; default = false; description = "Whether to enable foo."; example = true; }"#),
    (#"(lib.mkEnableOption "foo").type.name"#, #""bool""#),
    (#"removeAttrs (lib.mkPackageOption { } [ "python3Packages" "in" ] { extraDescription = "More."; }) [ "type" "default" ]"#,
     #"{ _type = "option"; defaultText = { _type = "literalExpression"; text = "pkgs.python3Packages.\"in\""; }; description = "The in package to use. More."; }"#),
    (#"(lib.mkPackageOption { } "x" { nullable = true; default = null; }).default"#, "null"),
    (#"lib.literalMD "x""#, #"{ _type = "literalMD"; text = "x"; }"#),
    (#"lib.isOption (lib.mkOption { })"#, "true"),
    (#"lib.isType "option-type" lib.types.str"#, "true"),
    (#"(lib.types.listOf (lib.types.either lib.types.str lib.types.int)).description"#, #""list of (string or signed integer)""#),
  ]

  @Test(arguments: cases)
  func matchesNixpkgs(_ expression: String, _ expected: String) throws {
    let file = "buildClan { meta.name = builtins.toJSON (\(expression)); }"
    let clan = try #require(try resolve(file).clan)
    let json = try #require(clan.meta.name)
    // Compare through Nix's printer: evaluate the JSON back and print it.
    let ev = Evaluator()
    let value = try ev.fromJSON(Array(json.utf8), at: .unknown)
    try ev.forceDeep(value, at: .unknown)
    let printed = String(decoding: ValuePrinter.print(value, ev, style: .output), as: UTF8.self)
    let expectedValue = try ev.evaluate(file: ev.sources.add(name: "/e.nix", directory: "/", bytes: Array(expected.utf8)))
    try ev.forceDeep(expectedValue, at: .unknown)
    #expect(printed == String(decoding: ValuePrinter.print(expectedValue, ev, style: .output), as: UTF8.self))
  }
}

/// `lib.types`: nixpkgs' descriptions and checks.
@Suite struct LibTypesTests {
  /// `(EXPR).description` with nixpkgs' text (as nix-instantiate prints it; checked against
  /// nixpkgs de42d442).
  static let descriptions: [(String, String)] = [
    (#"t.str"#, #"string"#),
    (#"t.nonEmptyStr"#, #"non-empty string"#),
    (#"t.int"#, #"signed integer"#),
    (#"t.ints.unsigned"#, #"unsigned integer, meaning >=0"#),
    (#"t.ints.positive"#, #"positive integer, meaning >0"#),
    (#"t.ints.u8"#, #"8 bit unsigned integer; between 0 and 255 (both inclusive)"#),
    (#"t.ints.u16"#, #"16 bit unsigned integer; between 0 and 65535 (both inclusive)"#),
    (#"t.ints.u32"#, #"32 bit unsigned integer; between 0 and 4294967295 (both inclusive)"#),
    (#"t.ints.s8"#, #"8 bit signed integer; between -128 and 127 (both inclusive)"#),
    (#"t.ints.s16"#, #"16 bit signed integer; between -32768 and 32767 (both inclusive)"#),
    (#"t.ints.s32"#, #"32 bit signed integer; between -2147483648 and 2147483647 (both inclusive)"#),
    (#"(t.ints.between (-3) 7)"#, #"integer between -3 and 7 (both inclusive)"#),
    (#"t.port"#, #"16 bit unsigned integer; between 0 and 65535 (both inclusive)"#),
    (#"t.float"#, #"floating point number"#),
    (#"t.number"#, #"signed integer or floating point number"#),
    (#"(t.numbers.between 1 2.5)"#, #"integer or floating point number between 1 and 2.5 (both inclusive)"#),
    (#"t.numbers.nonnegative"#, #"nonnegative integer or floating point number, meaning >=0"#),
    (#"t.numbers.positive"#, #"positive integer or floating point number, meaning >0"#),
    (#"t.bool"#, #"boolean"#),
    (#"t.boolByOr"#, #"boolean (merged using or)"#),
    (#"t.path"#, #"absolute path"#),
    (#"t.pathInStore"#, #"path in the Nix store"#),
    (#"t.externalPath"#, #"absolute path not in the Nix store"#),
    (#"(t.pathWith { absolute = false; })"#, #"relative path"#),
    (#"(t.strMatching "^[a-z]+$")"#, #"string matching the pattern ^[a-z]+$"#),
    (#"(t.strMatching "a\"$b")"#, #"string matching the pattern a\"$b"#),
    (#"t.singleLineStr"#, #"(optionally newline-terminated) single-line string"#),
    (#"(t.separatedString "")"#, #"strings concatenated with \"\""#),
    (#"(t.separatedString " ")"#, #"strings concatenated with \" \""#),
    (#"t.lines"#, #"strings concatenated with \"\\n\""#),
    (#"t.commas"#, #"strings concatenated with \",\""#),
    (#"t.envVar"#, #"strings concatenated with \":\""#),
    (#"(t.passwdEntry t.str)"#, #"string, not containing newlines or colons"#),
    (#"(t.enum [ "a" "b" ])"#, #"one of \"a\", \"b\""#),
    (#"(t.enum [ "a" ])"#, #"value \"a\" (singular enum)"#),
    (#"(t.enum [ ])"#, #"impossible (empty enum)"#),
    (#"(t.enum [ 1 true "x" null ])"#, #"one of 1, true, \"x\", <null>"#),
    (#"(t.nullOr t.str)"#, #"null or string"#),
    (#"(t.nullOr (t.either t.int t.str))"#, #"null or signed integer or string"#),
    (#"(t.either t.str t.int)"#, #"string or signed integer"#),
    (#"(t.either t.ints.unsigned t.str)"#, #"unsigned integer, meaning >=0, or string"#),
    (#"(t.either (t.listOf t.str) t.str)"#, #"(list of string) or string"#),
    (#"(t.either t.str (t.listOf t.str))"#, #"string or list of string"#),
    (#"(t.oneOf [ t.str t.int t.bool ])"#, #"string or signed integer or boolean"#),
    (#"(t.listOf (t.either t.str t.int))"#, #"list of (string or signed integer)"#),
    (#"(t.listOf t.port)"#, #"list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)"#),
    (#"(t.listOf t.path)"#, #"list of absolute path"#),
    (#"(t.listOf t.attrs)"#, #"list of (attribute set)"#),
    (#"(t.listOf (t.listOf t.str))"#, #"list of list of string"#),
    (#"(t.nonEmptyListOf t.str)"#, #"non-empty (list of string)"#),
    (#"(t.attrsOf t.str)"#, #"attribute set of string"#),
    (#"(t.attrsOf (t.submodule { }))"#, #"attribute set of (submodule)"#),
    (#"(t.lazyAttrsOf (t.nullOr t.int))"#, #"lazy attribute set of (null or signed integer)"#),
    (#"(t.uniq t.int)"#, #"signed integer"#),
    (#"(t.unique { message = "m"; } (t.listOf t.str))"#, #"list of string"#),
    (#"(t.submodule { })"#, #"submodule"#),
    (#"(t.submodule { freeformType = t.attrsOf t.str; })"#, #"open submodule of attribute set of string"#),
    (#"(t.submodule ({ name, ... }: { config._module.freeformType = t.lazyAttrsOf t.anything; }))"#, #"open submodule of lazy attribute set of anything"#),
    (#"(t.submoduleWith { modules = [ ]; description = "thing"; })"#, #"thing"#),
    (#"t.attrs"#, #"attribute set"#),
    (#"t.raw"#, #"raw value"#),
    (#"t.anything"#, #"anything"#),
    (#"t.unspecified"#, #"unspecified value"#),
    (#"t.package"#, #"package"#),
    (#"(t.listOf t.package)"#, #"list of package"#),
    (#"t.deferredModule"#, #"module"#),
    (#"(t.coercedTo t.int toString t.str)"#, #"string or signed integer convertible to it"#),
    (#"(t.nullOr (t.coercedTo t.int toString t.str))"#, #"null or (string or signed integer convertible to it)"#),
    (#"(t.functionTo t.str)"#, #"function that evaluates to a(n) string"#),
    (#"(t.functionTo (t.listOf t.str))"#, #"function that evaluates to a(n) list of string"#),
    (#"t.json"#, #"JSON value"#),
    (#"t.toml"#, #"TOML value"#),
    (#"(t.attrTag { a = lib.mkOption { type = t.str; }; "b c" = lib.mkOption { }; })"#, #"attribute-tagged union with choices: a, \"b c\""#),
    (#"t.optionType"#, #"optionType"#),
    (#"t.luaInline"#, #"inline lua"#),
    (#"(t.addCheck t.int (x: x > 0))"#, #"signed integer"#),
    (#"(t.attrsOf (t.either t.ints.positive (t.enum ["a" "b"])))"#, #"attribute set of (positive integer, meaning >0, or one of \"a\", \"b\")"#),
  ]


  @Test func descriptionsMatchNixpkgs() throws {
    let lib = LibHarness()
    for (expression, expected) in Self.descriptions {
      let shown = try lib.show("let t = lib.types; in (\(expression)).description")
      #expect(shown == "\"\(expected)\"", "\(expression)")
    }
  }

  @Test func descriptionClasses() throws {
    let lib = LibHarness()
    let cases: [(String, String)] = [
      ("t.str", #""noun""#), ("t.port", #""noun""#), ("t.ints.unsigned", #""nonRestrictiveClause""#),
      (#"t.enum [ "a" ]"#, #""noun""#), (#"t.enum [ "a" "b" ]"#, #""conjunction""#), ("t.nullOr t.str", #""conjunction""#),
      ("t.listOf t.str", #""composite""#), ("t.attrs", "null"), ("t.submodule { }", "null"), ("t.path", #""noun""#),
      ("t.coercedTo t.int toString t.str", "null"), ("t.numbers.between 0 1", #""conjunction""#),
    ]
    for (expression, expected) in cases {
      #expect(try lib.show("let t = lib.types; in (\(expression)).descriptionClass") == expected, "\(expression)")
    }
  }

  /// What a reader needs: names, nested types, payloads.
  @Test func structure() throws {
    let lib = LibHarness()
    let cases: [(String, String)] = [
      ("t.port.name", #""unsignedInt16""#),
      ("t.port.bounds", "{ highest = 65535; lowest = 0; }"),
      ("t.ints.unsigned.bounds", "{ highest = null; lowest = 0; }"),
      (#"(t.strMatching "a\"$").name"#, #""strMatching \"a\\\"\\$\"""#),
      (#"(t.strMatching "^a$").functor.payload"#, #"{ pattern = "^a$"; }"#),
      ("t.commas.functor.payload", #"{ sep = ","; }"#),
      (#"(t.enum [ "a" 1 ]).functor.payload"#, #"{ values = [ "a" 1 ]; }"#),
      ("(t.listOf t.int).nestedTypes.elemType.name", #""int""#),
      ("(t.either t.int t.str).nestedTypes.right.name", #""str""#),
      ("(t.coercedTo t.int toString t.str).nestedTypes.coercedType.name", #""int""#),
      ("(t.coercedTo t.int toString t.str).coerceFunc 3", #""3""#),
      ("(t.submodule { a = 1; }).getSubModules", "[ { a = 1; } ]"),
      ("(t.submodule ({ ... }: { freeformType = t.attrsOf t.int; })).nestedTypes.freeformType.description", #""attribute set of signed integer""#),
      ("(t.attrsOf t.int).emptyValue", "{ value = { }; }"),
      ("(t.nonEmptyListOf t.int).emptyValue", "{ }"),
      ("(t.nullOr t.int).emptyValue", "{ value = null; }"),
      (#"(t.mergeTypes (t.enum [ "a" ]) (t.enum [ "b" ])).description"#, #""one of \"a\", \"b\"""#),
      ("(t.mergeTypes (t.submodule { a = 1; }) (t.submodule { b = 2; })).getSubModules", "[ { a = 1; } { b = 2; } ]"),
      ("(t.mergeTypes t.str t.int)._type", #""merge-error""#),
      ("(lib.mkOptionType { name = \"x\"; }).description", #""x""#),
    ]
    for (expression, expected) in cases {
      #expect(try lib.show("let t = lib.types; in \(expression)") == expected, "\(expression)")
    }
  }

  @Test func checks() throws {
    let lib = LibHarness()
    let cases: [(String, String, Bool)] = [
      ("t.str", #""a""#, true), ("t.str", "1", false), ("t.nonEmptyStr", #"" \n""#, false), ("t.nonEmptyStr", #"" x""#, true),
      ("t.port", "65535", true), ("t.port", "65536", false), ("t.ints.s8", "(-129)", false), ("t.ints.positive", "0", false),
      ("t.ints.between 1 3", "3", true), ("t.number", "1.5", true), ("t.numbers.between 0 1", "1.5", false),
      ("t.singleLineStr", #""a\n""#, true), ("t.singleLineStr", #""a\nb""#, false), (#"t.strMatching "[a-z]+""#, #""ab""#, true),
      (#"t.strMatching "[a-z]+""#, #""aB""#, false), ("t.path", #""/x""#, true), ("t.path", #""x""#, false), ("t.path", "/tmp", true),
      ("t.pathInStore", #""/nix/store/00000000000000000000000000000000-x""#, true), ("t.pathInStore", #""/nix/store/x""#, false),
      (#"t.enum [ "a" 1 ]"#, "1", true), (#"t.enum [ "a" 1 ]"#, #""b""#, false), ("t.nullOr t.int", "null", true),
      ("t.either t.int t.str", "true", false), ("t.listOf t.int", #"[ "not checked here" ]"#, true), ("t.attrsOf t.int", "[ ]", false),
      ("t.nonEmptyListOf t.int", "[ ]", false), ("t.submodule { }", "(x: x)", true), ("t.deferredModule", "./.", true),
      ("t.coercedTo t.int toString t.str", "1", true), ("t.coercedTo t.int toString t.str", "1.5", false),
      ("t.package", #"{ type = "derivation"; }"#, true), ("t.package", #""/nix/store/abc""#, true), ("t.package", #""/tmp/abc""#, false),
      ("t.functionTo t.int", "(x: x)", true), ("t.attrTag { a = lib.mkOption { }; }", "{ a = 1; }", true),
      ("t.attrTag { a = lib.mkOption { }; }", "{ a = 1; b = 2; }", false), ("t.json", "{ a = [ 1 ]; }", true),
    ]
    for (type, value, expected) in cases {
      #expect(try lib.show("let t = lib.types; in (\(type)).check \(value)") == (expected ? "true" : "false"), "\(type) \(value)")
    }
  }

  /// nixinv's types and nixpkgs' (evaluated by nixinv from the shared folder) agree on
  /// name, description, descriptionClass, nested type names and each check, for every type.
  @Test(.enabled(if: LibHarness.nixpkgsLib != nil)) func sameAsNixpkgs() throws {
    let lib = LibHarness()
    let values = #"[ "a" "" " \n" "a\nb" "a\n" 0 (-1) 1 255 256 65535 70000 (-129) 1.5 true null [ ] [ 1 ] { } { a = 1; } { a = 1; b = 2; } (x: x) /tmp "/abs" "/nix/store/abc-x" "/nix/store/00000000000000000000000000000000-x" "rel" { outPath = "/nix/store/abc-y"; } { type = "derivation"; } ]"#
    let expressions = [
      #"t.str"#,
      #"t.nonEmptyStr"#,
      #"t.int"#,
      #"t.ints.unsigned"#,
      #"t.ints.positive"#,
      #"t.ints.u8"#,
      #"t.ints.u16"#,
      #"t.ints.u32"#,
      #"t.ints.s8"#,
      #"t.ints.s16"#,
      #"t.ints.s32"#,
      #"(t.ints.between (-3) 7)"#,
      #"t.port"#,
      #"t.float"#,
      #"t.number"#,
      #"(t.numbers.between 1 2.5)"#,
      #"t.numbers.nonnegative"#,
      #"t.numbers.positive"#,
      #"t.bool"#,
      #"t.boolByOr"#,
      #"t.path"#,
      #"t.pathInStore"#,
      #"t.externalPath"#,
      #"(t.pathWith { absolute = false; })"#,
      #"(t.strMatching "^[a-z]+$")"#,
      #"(t.strMatching "a\"$b")"#,
      #"t.singleLineStr"#,
      #"(t.separatedString "")"#,
      #"(t.separatedString " ")"#,
      #"t.lines"#,
      #"t.commas"#,
      #"t.envVar"#,
      #"(t.passwdEntry t.str)"#,
      #"(t.enum [ "a" "b" ])"#,
      #"(t.enum [ "a" ])"#,
      #"(t.enum [ ])"#,
      #"(t.enum [ 1 true "x" null ])"#,
      #"(t.nullOr t.str)"#,
      #"(t.nullOr (t.either t.int t.str))"#,
      #"(t.either t.str t.int)"#,
      #"(t.either t.ints.unsigned t.str)"#,
      #"(t.either (t.listOf t.str) t.str)"#,
      #"(t.either t.str (t.listOf t.str))"#,
      #"(t.oneOf [ t.str t.int t.bool ])"#,
      #"(t.listOf (t.either t.str t.int))"#,
      #"(t.listOf t.port)"#,
      #"(t.listOf t.path)"#,
      #"(t.listOf t.attrs)"#,
      #"(t.listOf (t.listOf t.str))"#,
      #"(t.nonEmptyListOf t.str)"#,
      #"(t.attrsOf t.str)"#,
      #"(t.attrsOf (t.submodule { }))"#,
      #"(t.lazyAttrsOf (t.nullOr t.int))"#,
      #"(t.uniq t.int)"#,
      #"(t.unique { message = "m"; } (t.listOf t.str))"#,
      #"(t.submodule { })"#,
      #"(t.submodule { freeformType = t.attrsOf t.str; })"#,
      #"(t.submodule ({ name, ... }: { config._module.freeformType = t.lazyAttrsOf t.anything; }))"#,
      #"(t.submoduleWith { modules = [ ]; description = "thing"; })"#,
      #"t.attrs"#,
      #"t.raw"#,
      #"t.anything"#,
      #"t.unspecified"#,
      #"t.package"#,
      #"(t.listOf t.package)"#,
      #"t.deferredModule"#,
      #"(t.coercedTo t.int toString t.str)"#,
      #"(t.nullOr (t.coercedTo t.int toString t.str))"#,
      #"(t.functionTo t.str)"#,
      #"(t.functionTo (t.listOf t.str))"#,
      #"t.json"#,
      #"t.toml"#,
      #"(t.attrTag { a = lib.mkOption { type = t.str; }; "b c" = lib.mkOption { }; })"#,
      #"t.optionType"#,
      #"t.luaInline"#,
      #"(t.addCheck t.int (x: x > 0))"#,
      #"(t.attrsOf (t.either t.ints.positive (t.enum ["a" "b"])))"#,
    ]
    for expression in expressions {
      func record(_ libExpression: String) throws -> String {
        try lib.show("""
          (chosen: let lib = chosen; t = lib.types; T = \(expression); in {
            inherit (T) name description descriptionClass;
            nested = builtins.mapAttrs (_: x: x.name or null) T.nestedTypes;
            attrs = builtins.filter (n: n != "bounds" && n != "coerceFunc") (builtins.attrNames T);
            checks = map (v: let r = builtins.tryEval (T.check v); in if r.success then r.value else "throws") \(values);
          }) (\(libExpression))
          """)
      }
      let mine: String
      do {
        mine = try record("lib")
      } catch let error as EvalError {
        Issue.record("\(expression): \(EvalErrorRenderer(sources: lib.ev.sources).render(error))")
        continue
      }
      let theirs: String
      do {
        theirs = try record("import \(LibHarness.nixpkgsLib!)")
      } catch let error as EvalError {
        Issue.record("\(expression) (nixpkgs): \(EvalErrorRenderer(sources: lib.ev.sources).render(error))")
        continue
      }
      #expect(mine == theirs, "\(expression)")
    }
  }
}
