import Foundation
@testable import Inventory
import NixEval
import Testing

/// Reading a clan.service role's `interface` module into options.
@Suite struct InterfaceReaderTests {
  /// The interface of the brief: a string with a default, an attribute set of submodules
  /// whose `name` option defaults to the attribute's name and whose `repo` is required.
  @Test func borgbackupLikeInterface() throws {
    let lib = LibHarness()
    let module = try lib.interface("""
      { lib, ... }: {
        options.startAt = lib.mkOption { type = lib.types.str; default = "daily"; description = "When to run."; };
        options.destinations = lib.mkOption {
          type = lib.types.attrsOf (lib.types.submodule ({ name, ... }: {
            options.name = lib.mkOption { type = lib.types.strMatching "^[a-z]+$"; default = name; };
            options.repo = lib.mkOption { type = lib.types.str; };
          }));
          default = { };
        };
      }
      """)
    #expect(shape(module) == #"destinations:attrsOf(submodule{name:strMatching(^[a-z]+$)="‹name›";repo:str!})={};startAt:str="daily""#)
    #expect(module.descriptions == ["startAt": "When to run."])
    #expect(module.unknownCode == .unknownSetting)
    guard case .attrsOf(.submodule(let destination))? = module.options["destinations"] else {
      Issue.record("destinations is not an attribute set of submodules")
      return
    }
    #expect(destination.unknownCode == .unknownSetting)
    #expect(destination.defaultValue("repo") == OptionDefault.none)
  }

  /// Every conversion of a type, by the type's expression.
  static let types: [(String, String)] = [
    ("t.str", "str"), ("t.nonEmptyStr", "str"), ("t.bool", "bool"), ("t.int", "int"), ("t.float", "float"),
    ("t.port", "ints(0,65535)"), ("t.ints.u8", "ints(0,255)"), ("t.ints.s16", "ints(-32768,32767)"),
    ("t.ints.unsigned", "ints(0,_)"), ("t.ints.positive", "ints(1,_)"), ("t.ints.between 2 9", "ints(2,9)"),
    ("t.number", "either(int,float)"), ("t.numbers.between 0 1.5", "either(int,float)"),
    (#"t.strMatching "^[a-z]+$""#, "strMatching(^[a-z]+$)"), ("t.singleLineStr", "singleLineStr"),
    ("t.lines", #"separatedString("\n")"#), ("t.commas", #"separatedString(",")"#), ("t.envVar", #"separatedString(":")"#),
    ("t.passwdEntry t.str", "str"), ("t.path", "path"), ("t.pathInStore", "path"), ("t.package", "raw"),
    ("t.raw", "raw"), ("t.anything", "anything"), ("t.unspecified", "unspecified"), ("t.attrs", "attrs"),
    ("t.deferredModule", "deferredModule"), (#"t.enum [ "a" "b" ]"#, "enum(a,b)"), ("t.enum [ 1 2 ]", "unspecified"),
    ("t.nullOr t.str", "nullOr(str)"), ("t.either t.str t.int", "either(str,int)"),
    ("t.oneOf [ t.str t.int t.bool ]", "either(either(str,int),bool)"), ("t.listOf t.port", "listOf(ints(0,65535))"),
    ("t.nonEmptyListOf t.str", "listOf(str)"), ("t.attrsOf t.bool", "attrsOf(bool)"), ("t.lazyAttrsOf t.int", "lazyAttrsOf(int)"),
    ("t.uniq t.int", "int"), (#"t.unique { message = "x"; } (t.listOf t.str)"#, "listOf(str)"),
    ("t.coercedTo t.int toString t.str", "coercedTo(int,str)"), ("t.functionTo t.str", "raw"),
    ("t.addCheck t.int (x: x > 0)", "int"), (#"lib.mkOptionType { name = "custom"; }"#, "unspecified"),
    ("t.submodule { options.a = lib.mkOption { type = t.int; default = 1; }; }", "submodule{a:int=1}"),
    ("t.submoduleWith { modules = [ { options.a = lib.mkOption { type = t.int; }; } ]; }", "submodule{a:int!}"),
    ("t.attrTag { a = lib.mkOption { type = t.str; }; }", "submodule{a:str?}"),
    ("t.json", "nullOr(either(either(either(either(either(either(bool,int),float),str),path),attrsOf(anything)),listOf(anything)))"),
  ]

  @Test(arguments: types)
  func convertsType(_ expression: String, _ expected: String) throws {
    let lib = LibHarness()
    let module = try lib.interface("{ lib, ... }: let t = lib.types; in { options.x = lib.mkOption { type = \(expression); }; }")
    let type = try #require(module.options["x"])
    #expect(shape(type) == expected)
  }

  /// Converted types describe themselves as nixpkgs does, where ``OptionType`` has the type.
  @Test func convertedDescriptionsMatchLib() throws {
    let lib = LibHarness()
    let exact = [
      "t.str", "t.int", "t.port", "t.ints.unsigned", "t.ints.between 2 9", "t.number", #"t.strMatching "^a$""#, "t.lines",
      #"t.enum [ "a" "b" ]"#, #"t.enum [ "a" ]"#, "t.nullOr t.str", "t.either t.ints.unsigned t.str", "t.listOf (t.either t.str t.int)",
      "t.attrsOf (t.submodule { })", "t.lazyAttrsOf (t.nullOr t.int)", "t.coercedTo t.int toString t.str", "t.attrs", "t.raw",
      "t.anything", "t.unspecified", "t.singleLineStr", "t.listOf (t.listOf t.str)",
      // ints.between/u8/u16/… are of class "noun" (not parenthesised in a list), `types.path`
      // is "absolute path", and a submodule with a freeform type is "open submodule of …".
      "t.listOf t.port", "t.path", "t.submodule { freeformType = t.attrsOf t.str; }", "t.listOf t.deferredModule",
    ]
    for expression in exact {
      let module = try lib.interface("{ lib, ... }: let t = lib.types; in { options.x = lib.mkOption { type = \(expression); }; }")
      let type = try #require(module.options["x"])
      #expect(try lib.text("let t = lib.types; in (\(expression)).description") == type.description, "\(expression)")
    }
  }

  @Test func nestedOptionSetsAreSubmodules() throws {
    let lib = LibHarness()
    let module = try lib.interface("""
      { lib, ... }: {
        options.network.port = lib.mkOption { type = lib.types.port; default = 7946; };
        options.network.files = lib.mkOption { type = lib.types.attrsOf (lib.types.listOf lib.types.str); };
        options.network.name = lib.mkOption { type = lib.types.str; };
        options.tls.enable = lib.mkEnableOption "TLS";
      }
      """)
    #expect(shape(module) == "network:submodule{files:attrsOf(listOf(str))={};name:str!;port:ints(0,65535)=7946}?;tls:submodule{enable:bool=false}={enable:false}")
    guard case .submodule(let tls)? = module.options["tls"] else { return }
    #expect(tls.descriptions == ["enable": "Whether to enable TLS."])
  }

  @Test func defaults() throws {
    let lib = LibHarness()
    let module = try lib.interface("""
      { lib, config, pkgs, ... }: let t = lib.types; in {
        options = {
          plain = lib.mkOption { default = { a = [ 1 2.5 "x" null true ]; }; };
          required = lib.mkOption { type = t.str; };
          text = lib.mkOption { type = t.str; default = "x"; defaultText = lib.literalExpression "config.y"; };
          fromConfig = lib.mkOption { type = t.str; default = config.networking.hostName; };
          fromPkgs = lib.mkOption { type = t.package; default = pkgs.hello; };
          package = lib.mkPackageOption pkgs "hello" { };
          function = lib.mkOption { type = t.functionTo t.str; default = x: x; };
          path = lib.mkOption { type = t.path; default = ./.; };
          failing = lib.mkOption { type = t.int; default = throw "no"; };
          list = lib.mkOption { type = t.listOf t.str; };
          set = lib.mkOption { type = t.attrsOf t.str; };
          nullable = lib.mkOption { type = t.nullOr t.str; };
          nonEmpty = lib.mkOption { type = t.nonEmptyListOf t.str; };
          coerced = lib.mkOption { type = t.coercedTo t.str lib.toList (t.listOf t.str); };
          sub = lib.mkOption { type = t.submodule { options.a = lib.mkOption { default = 1; }; }; };
          subRequired = lib.mkOption { type = t.submodule { options.a = lib.mkOption { type = t.int; }; }; };
          untyped = lib.mkOption { };
          marker = lib.mkOption { default = lib.mkDefault 1; };
        };
      }
      """)
    let expected: [String: String] = [
      "plain": #"={a:[1,2.5,"x",null,true]}"#, "required": "!", "text": "?", "fromConfig": "?", "fromPkgs": "?",
      "package": "?", "function": "?", "path": "?", "failing": "?", "list": "=[]", "set": "={}", "nullable": "=null",
      "nonEmpty": "!", "coerced": "=[]", "sub": "={a:1}", "subRequired": "?", "untyped": "!", "marker": "?",
    ]
    for (name, want) in expected {
      let got: String
      switch module.defaultValue(name) {
      case .none: got = "!"
      case .hidden: got = "?"
      case .value(let v): got = "=" + plainText(v)
      }
      #expect(got == want, "\(name)")
    }
    #expect(module.options.count == expected.count)
    #expect(module.descriptions["package"] == "The hello package to use.")
  }

  /// The defaults read (the interface's as a whole) are the config nixpkgs' `evalModules`
  /// gives the interface alone.
  @Test(.enabled(if: LibHarness.nixpkgsLib != nil)) func defaultsAgreeWithNixpkgsEvalModules() throws {
    let interface = """
      ({ lib, ... }: let t = lib.types; in {
        imports = [ { options.imported = lib.mkOption { type = t.int; default = 4; }; } ];
        options = {
          plain = lib.mkOption { default = { a = [ 1 2.5 "x" null true ]; }; };
          list = lib.mkOption { type = t.listOf t.str; };
          set = lib.mkOption { type = t.attrsOf t.str; };
          nullable = lib.mkOption { type = t.nullOr t.str; };
          coerced = lib.mkOption { type = t.coercedTo t.str lib.toList (t.listOf t.str); };
          sub = lib.mkOption { type = t.submodule { options.a = lib.mkOption { default = 1; }; }; };
          named = lib.mkOption { type = t.submodule ({ name, ... }: { options.n = lib.mkOption { default = "${name}!"; }; }); };
          ns.x = lib.mkEnableOption "x";
          ns.deeper.port = lib.mkOption { type = t.port; default = 80; };
          unique = lib.mkOption { type = t.uniq (t.listOf t.int); };
          attrs = lib.mkOption { type = t.attrs; };
          lazy = lib.mkOption { type = t.lazyAttrsOf t.int; };
          either = lib.mkOption { type = t.either t.int t.str; default = 1; };
          jobs = lib.mkOption { type = t.attrsOf (t.submodule { options.r = lib.mkOption { type = t.str; }; }); default = { }; };
        };
      })
      """
    let lib = LibHarness()
    let module = try lib.interface(interface)
    guard case .value(let ours) = ModuleOptionsReader.collectedDefault(module) else {
      Issue.record("the interface's defaults are not all plain: \(shape(module))")
      return
    }
    let theirs = try lib.value("(import \(LibHarness.nixpkgsLib!)).evalModules { modules = [ \(interface) ]; }")
    let config = try lib.value("x: x.config")
    #expect(try lib.plain(try lib.ev.call(config, theirs, at: .unknown)) == ours)
  }

  /// A default that uses `name` only as a string keeps the placeholder; one that computes from
  /// it is hidden.
  @Test func defaultsFromTheSubmoduleName() throws {
    let lib = LibHarness()
    let module = try lib.interface("""
      { lib, ... }: {
        options.jobs = lib.mkOption {
          type = lib.types.attrsOf (lib.types.submodule ({ name, ... }: {
            options.plain = lib.mkOption { default = name; };
            options.wrapped = lib.mkOption { default = { host = "${name}.example"; "${name}" = [ name ]; }; };
            options.upper = lib.mkOption { default = lib.toUpper name; };
            options.length = lib.mkOption { default = builtins.stringLength name; };
            options.constant = lib.mkOption { default = 3; };
            options.described = lib.mkOption { default = 1; description = "job ${name}"; };
          }));
        };
      }
      """)
    guard case .attrsOf(.submodule(let job))? = module.options["jobs"] else {
      Issue.record("jobs is not an attribute set of submodules")
      return
    }
    #expect(shape(job) == #"constant:unspecified=3;described:unspecified=1;length:unspecified?;plain:unspecified="‹name›";upper:unspecified?;wrapped:unspecified={host:"‹name›.example",‹name›:["‹name›"]}"#)
    #expect(job.descriptions["described"] == "job ‹name›")
  }

  @Test func freeformTypes() throws {
    let lib = LibHarness()
    let top = try lib.interface("{ lib, ... }: { freeformType = lib.types.attrsOf lib.types.str; options.a = lib.mkOption { }; }")
    #expect(shape(top) == "a:unspecified!;*:str")
    let viaConfig = try lib.interface("{ lib, ... }: { config._module.freeformType = lib.types.lazyAttrsOf lib.types.int; }")
    #expect(shape(viaConfig) == "*:int")
    let shorthand = try lib.interface("{ lib, ... }: { _module.freeformType = lib.types.anything; }")
    #expect(shape(shorthand) == "*:anything")
    let inSubmodule = try lib.interface("""
      { lib, ... }: { options.s = lib.mkOption { type = lib.types.submodule { freeformType = with lib.types; attrsOf (nullOr str); }; }; }
      """)
    #expect(shape(inSubmodule) == "s:submodule{*:nullOr(str)}={}")
    let none = try lib.interface("{ lib, ... }: { freeformType = null; }")
    #expect(none.freeform == nil)
  }

  @Test func importsAndPaths() throws {
    let dir = try temporaryClan([
      "interface.nix": "{ lib, ... }: { imports = [ ./more.nix ./more.nix ]; options.a = lib.mkOption { type = lib.types.int; }; }",
      "more.nix": "{ lib, ... }: { imports = [ { options.c = lib.mkOption { default = true; }; } ]; options.b = lib.mkOption { type = lib.types.bool; default = false; }; }",
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let lib = LibHarness()
    let module = try lib.interface("./interface.nix", directory: dir.path)
    #expect(shape(module) == "a:int!;b:bool=false;c:unspecified=true")
  }

  /// Declarations of one option in several modules merge as nixpkgs merges them.
  @Test func mergedDeclarations() throws {
    let lib = LibHarness()
    let module = try lib.interface("""
      { lib, ... }: let t = lib.types; in {
        imports = [
          { options.s = lib.mkOption { type = t.submodule { options.a = lib.mkOption { default = 1; }; }; }; }
          { options.s = lib.mkOption { type = t.submodule { options.b = lib.mkOption { default = 2; }; }; description = "s"; }; }
          { options.s.c = lib.mkOption { default = 3; }; }
          { options.e = lib.mkOption { type = t.enum [ "x" ]; default = "x"; }; }
          { options.e = lib.mkOption { type = t.enum [ "y" ]; }; }
        ];
      }
      """)
    #expect(shape(module) == "e:enum(x,y)=\"x\";s:submodule{a:unspecified=1;b:unspecified=2;c:unspecified=3}={a:1,b:2,c:3}")
    #expect(module.descriptions["s"] == "s")
  }

  @Test func recursiveTypesStop() throws {
    let lib = LibHarness()
    let module = try lib.interface("""
      { lib, ... }: let t = lib.types; node = t.submodule { options.children = lib.mkOption { type = t.attrsOf node; default = { }; }; }; in {
        options.tree = lib.mkOption { type = node; };
      }
      """)
    #expect(shape(module) == "tree:submodule{children:attrsOf(anything)={}}={children:{}}")
    // Types a function makes afresh at each level stop too, however they branch.
    let generated = try lib.interface("""
      { lib, ... }: let t = lib.types; mk = n: t.either (t.listOf (mk (n + 1))) (t.attrsOf (mk (n + 1))); in {
        options.x = lib.mkOption { type = mk 0; };
        options.s = lib.mkOption { type = let sub = n: t.submodule { options.c = lib.mkOption { type = sub (n + 1); }; }; in sub 0; };
      }
      """)
    #expect(generated.options.count == 2)
  }

  // MARK: - Errors

  static let errors: [(String, InventoryError.Code, String)] = [
    ("{ options.x = 5; }", .wrongType, "`options.x' is an integer, not an option"),
    ("{ lib, ... }: { options = lib.fix (self: { a = self; }); }", .wrongType, "nests sets of options too deeply"),
    ("{ lib, ... }: { imports = [ ./. ]; }", .evalError, "/"),
    ("{ lib, ... }: { options.x = lib.types.str; }", .wrongType, "is an option type, not an option"),
    ("{ lib, ... }: { options.x = lib.mkOption { type = 1; }; }", .wrongType, "The type of option `x' is an integer, not an option type"),
    ("{ lib, ... }: { options.x = lib.mkOption { defualt = 1; }; }", .evalError, "defualt"),
    ("{ lib, ... }: { options.x = lib.mkOption { }; foo = 1; }", .wrongType, "has an unsupported attribute `foo'"),
    ("{ lib }: { }", .evalError, "unexpected argument"),
    ("5", .wrongType, "does not look like a module"),
    ("{ lib, ... }: { options = throw \"broken\"; }", .evalError, "broken"),
    ("{ lib, config, ... }: { options = if config.x then { } else { }; }", .evalError, "`config' is not available"),
    (
      "{ lib, ... }: { imports = [ { options.x = lib.mkOption { default = 1; }; } ]; options.x = lib.mkOption { default = 2; }; }",
      .evalError, "The option `x' in `/test.nix:1:"
    ),
    (
      "{ lib, ... }: { imports = [ { options.x = lib.mkOption { type = lib.types.str; }; } ]; options.x = lib.mkOption { type = lib.types.int; }; }",
      .evalError, "is already declared in"
    ),
    (
      "{ lib, ... }: { imports = [ { options.x = lib.mkOption { type = lib.types.str; }; } ]; options.x.y = lib.mkOption { }; }",
      .wrongType, "would be a parent of the following options, but its type `string' does not support nested options"
    ),
    ("{ lib, ... }: { options.x = lib.mkOption { type = lib.types.oneOf [ ]; }; }", .evalError, "types.oneOf needs to get at least one type"),
  ]

  @Test(arguments: errors)
  func reportsErrors(_ source: String, _ code: InventoryError.Code, _ message: String) throws {
    let lib = LibHarness()
    let error = try #require(lib.interfaceError(source))
    #expect(error.code == code)
    let rendered = lib.render(error)
    #expect(rendered.contains(message), "\(rendered)")
    #expect(error.span.isKnown, "\(rendered)")
  }

  /// A clan's own service module: its interface is read when the instance is resolved.
  @Test func clanModuleInterfaceThroughTheResolver() throws {
    func clan(_ interface: String) -> String {
      """
      buildClan {
        modules.hello = { lib, ... }: { _class = "clan.service"; manifest.name = "hello"; roles.default.interface = \(interface); };
        inventory.machines.m = { };
        inventory.instances.h = { module = { name = "hello"; input = "self"; }; roles.default.machines.m = { }; };
      }
      """
    }
    #expect(try resolve(clan("{ lib, ... }: { options.port = lib.mkOption { type = lib.types.port; default = 1; }; }")).clan != nil)
    let failed = try resolve(clan("{ lib, ... }: { options.port = 1; }"))
    #expect(failed.code == .wrongType)
    #expect(failed.error?.contains("`options.port' is an integer") == true)
  }
}
