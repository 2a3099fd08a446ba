/// The Nix source of nixinv's `lib`: the part of nixpkgs' library that clan configurations use,
/// written for nixinv with nixpkgs' semantics (the module-system markers have nixpkgs' shapes,
/// so that the inventory merger recognises them: `_type = "override" | "merge" | "if" | "order"`).
/// Option declarations (`mkOption`, `mkEnableOption`, `mkPackageOption`, `literalExpression`
/// …) are nixpkgs' `lib/options.nix`; `lib.types` is ``NixLibTypesSource``.
enum NixLibSource {
  static let text = #"""
let
  b = builtins;
  typesOf = \#(NixLibTypesSource.text);
  lib = rec {
    inherit (b)
      add all any attrNames attrValues baseNameOf catAttrs compareVersions concatLists concatMap
      concatStringsSep deepSeq dirOf div elem elemAt filter foldl' fromJSON functionArgs genList
      getAttr groupBy hasAttr head intersectAttrs isAttrs isBool isFloat isFunction isInt isList
      isPath isString length lessThan listToAttrs map mapAttrs match mul parseDrvName partition
      pathExists readDir readFile removeAttrs replaceStrings seq sort split splitVersion
      stringLength sub substring tail toJSON tryEval typeOf zipAttrsWith;
    toString = b.toString;
    throw = b.throw;
    abort = b.abort;
    isNull = x: x == null;

    # Module-system markers (priorities as in nixpkgs: lower wins).
    mkOverride = priority: content: { _type = "override"; inherit priority content; };
    mkOptionDefault = mkOverride 1500;
    mkDefault = mkOverride 1000;
    mkImageMediaOverride = mkOverride 60;
    mkForce = mkOverride 50;
    mkVMOverride = mkOverride 10;
    mkMerge = contents: { _type = "merge"; inherit contents; };
    mkIf = condition: content: { _type = "if"; inherit condition content; };
    mkOrder = priority: content: { _type = "order"; inherit priority content; };
    mkBefore = mkOrder 500;
    mkAfter = mkOrder 1500;
    mkAliasDefinitions = x: x;

    # Option declarations, as nixpkgs' lib/options.nix makes them.
    isOption = isType "option";
    mkOption =
      { default ? null, defaultText ? null, example ? null, description ? null, relatedPackages ? null
      , type ? null, apply ? null, internal ? null, visible ? null, readOnly ? null }@attrs:
      attrs // { _type = "option"; };
    mkEnableOption = name: mkOption {
      default = false;
      example = true;
      description = "Whether to enable ${name}.";
      type = types.bool;
    };
    # The default package is `pkgs.<name>`, read only when the default is (nixinv has no
    # pkgs): `defaultText` says it as text.
    mkPackageOption = pkgs: name:
      { nullable ? false, default ? name, example ? null, extraDescription ? "", pkgsText ? "pkgs" }:
      let
        shownName = if b.isList name then last name else name;
        attrPath = toList default;
        pathText = showAttrPath attrPath;
        defaults =
          if default != null then {
            default = attrByPath attrPath (b.throw "${pathText} cannot be found in ${pkgsText}") pkgs;
            defaultText = literalExpression "${pkgsText}.${pathText}";
          } else optionalAttrs nullable { default = null; };
      in
      mkOption (defaults // {
        description = "The ${shownName} package to use." + (if extraDescription == "" then "" else " ") + extraDescription;
        type = (if nullable then types.nullOr else id) types.package;
      } // optionalAttrs (example != null) {
        example = literalExpression (if b.isList example then "${pkgsText}.${showAttrPath example}" else example);
      });
    literalExpression = text:
      if !b.isString text then b.throw "literalExpression expects a string."
      else { _type = "literalExpression"; inherit text; };
    literalMD = text:
      if !b.isString text then b.throw "literalMD expects a string."
      else { _type = "literalMD"; inherit text; };
    literalCode = languageTag: text: literalMD "```${languageTag}\n${text}\n```\n";

    # Option types' machinery (nixpkgs' lib/types.nix); the types are `types`.
    isType = type: x: (x._type or "") == type;
    setType = typeName: value: value // { _type = typeName; };
    isOptionType = isType "option-type";
    mkOptionType =
      { name, description ? null, descriptionClass ? null, check ? (x: true), merge ? mergeDefaultOption
      , emptyValue ? { }, getSubOptions ? prefix: { }, getSubModules ? null, substSubModules ? m: null
      , typeMerge ? defaultTypeMerge functor, functor ? defaultFunctor name, deprecationMessage ? null
      , nestedTypes ? { } }:
      {
        _type = "option-type";
        inherit name check merge emptyValue getSubOptions getSubModules substSubModules typeMerge
          deprecationMessage nestedTypes descriptionClass functor;
        description = if description == null then name else description;
      };
    defaultFunctor = name: { inherit name; type = types.${name} or null; payload = null; binOp = l: r: null; };
    defaultTypeMerge = f: f':
      if f.name != f'.name then null
      else if f.payload != null then (let merged = f.binOp f.payload f'.payload; in if merged == null then null else f.type merged)
      else f.type;
    optionDescriptionPhrase = unparenthesize: t:
      if unparenthesize (t.descriptionClass or null) then t.description else "(${t.description})";
    types = typesOf lib;

    # Merge functions of option types (nixpkgs' lib/options.nix).
    getValues = b.map (x: x.value);
    getFiles = b.map (x: x.file);
    mergeDefaultOption = loc: defs:
      let list = getValues defs; in
      if b.length list == 1 then b.head list
      else if b.all b.isFunction list then x: mergeDefaultOption loc (b.map (f: f x) list)
      else if b.all b.isList list then b.concatLists list
      else if b.all b.isAttrs list then foldl' (x: y: x // y) { } list
      else if b.all b.isBool list then b.any id list
      else if b.all b.isString list then concatStrings list
      else if b.all b.isInt list && b.all (x: x == b.head list) list then b.head list
      else b.throw "Cannot merge definitions of `${showOption loc}'. Definition values:${showDefs defs}";
    mergeUniqueOption = { message, merge ? loc: defs: (b.head defs).value }: loc: defs:
      if b.length defs == 1 then merge loc defs
      else b.throw "The option `${showOption loc}' is defined multiple times while it's expected to be unique.\n${message}\nDefinition values:${showDefs defs}\n${prioritySuggestion}";
    mergeOneOption = mergeUniqueOption { message = ""; };
    mergeEqualOption = loc: defs:
      if defs == [ ] then b.abort "This case should never happen."
      else if b.length defs == 1 then (b.head defs).value
      else (foldl' (first: def:
        if def.value != first.value
        then b.throw "The option `${showOption loc}' has conflicting definition values:${showDefs [ first def ]}\n${prioritySuggestion}"
        else first) (b.head defs) (b.tail defs)).value;
    prioritySuggestion = "Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.\n";
    showOption = parts: concatStringsSep "."
      (b.map (p: if p == "*" || b.match "<(.*)>" p != null then p else escapeNixIdentifier p) parts);
    showFiles = files: concatStringsSep " and " (b.map (f: "`${f}'") files);
    showDefs = defs: concatMapStrings (d: "\n- In `${d.file}': ${showValue d.value}") defs;
    showValue = v:
      if b.isString v then escapeNixString v
      else if b.isInt v || b.isFloat v || b.isPath v then b.toString v
      else if b.isBool v then boolToString v
      else if v == null then "null"
      else "<${b.typeOf v}>";

    # Functions and trivia.
    id = x: x;
    const = x: _: x;
    flip = f: a: c: f c a;
    pipe = foldl' (x: f: f x);
    warn = msg: v: b.trace "warning: ${msg}" v;
    warnIf = cond: msg: if cond then warn msg else id;
    throwIf = cond: msg: if cond then b.throw msg else id;
    throwIfNot = cond: msg: if cond then id else b.throw msg;
    assertMsg = pred: msg: pred || b.throw msg;
    boolToString = v: if v then "true" else "false";
    min = x: y: if x < y then x else y;
    max = x: y: if x > y then x else y;
    mod = base: int: base - (int * (b.div base int));
    inherit (b) trace;
    versionOlder = v1: v2: b.compareVersions v2 v1 == 1;
    versionAtLeast = v1: v2: !versionOlder v1 v2;
    fix = f: let x = f x; in x;
    isDerivation = v: b.isAttrs v && v.type or null == "derivation";

    # Attribute sets.
    nameValuePair = name: value: { inherit name value; };
    genAttrs = names: f: b.listToAttrs (b.map (n: nameValuePair n (f n)) names);
    mapAttrs' = f: set: b.listToAttrs (b.map (n: f n set.${n}) (b.attrNames set));
    mapAttrsToList = f: set: b.map (n: f n set.${n}) (b.attrNames set);
    attrsToList = mapAttrsToList nameValuePair;
    concatMapAttrs = f: set: foldl' (acc: s: acc // s) { } (mapAttrsToList f set);
    filterAttrs = pred: set: b.listToAttrs (b.concatMap (n: let v = set.${n}; in if pred n v then [ (nameValuePair n v) ] else [ ]) (b.attrNames set));
    foldlAttrs = f: init: set: foldl' (acc: n: f acc n set.${n}) init (b.attrNames set);
    optionalAttrs = cond: set: if cond then set else { };
    recursiveUpdateUntil = pred: lhs: rhs:
      let
        f = path: b.zipAttrsWith (n: values:
          let here = path ++ [ n ]; in
          if b.length values == 1 || pred here (b.elemAt values 1) (b.head values)
          then b.head values
          else f here values);
      in f [ ] [ rhs lhs ];
    recursiveUpdate = recursiveUpdateUntil (path: lhs: rhs: !(b.isAttrs lhs && b.isAttrs rhs));
    attrByPath = path: default: set:
      if path == [ ] then set
      else let n = b.head path; in
        if b.isAttrs set && set ? ${n} then attrByPath (b.tail path) default set.${n} else default;
    hasAttrByPath = path: set:
      path == [ ] || (let n = b.head path; in b.isAttrs set && set ? ${n} && hasAttrByPath (b.tail path) set.${n});
    setAttrByPath = path: value:
      if path == [ ] then value else { ${b.head path} = setAttrByPath (b.tail path) value; };
    getAttrFromPath = path: set:
      attrByPath path (b.throw "cannot find attribute '${concatStringsSep "." path}'") set;
    collect = pred: v:
      if pred v then [ v ]
      else if b.isAttrs v then b.concatMap (collect pred) (b.attrValues v)
      else [ ];
    zipAttrs = b.zipAttrsWith (_: vs: vs);
    mapAttrsRecursive = f: set:
      let recurse = path: b.mapAttrs (n: v: if b.isAttrs v then recurse (path ++ [ n ]) v else f (path ++ [ n ]) v); in
      recurse [ ] set;
    getAttrs = names: set: b.listToAttrs (b.map (n: nameValuePair n set.${n}) names);
    attrVals = names: set: b.map (n: set.${n}) names;
    genAttrs' = xs: f: b.listToAttrs (b.map f xs);

    # Lists.
    foldr = op: nul: list:
      let len = b.length list; go = i: if i == len then nul else op (b.elemAt list i) (go (i + 1)); in go 0;
    foldl = op: nul: list: foldl' op nul list;
    fold = foldr;
    optional = cond: elem: if cond then [ elem ] else [ ];
    optionals = cond: elems: if cond then elems else [ ];
    singleton = x: [ x ];
    toList = x: if b.isList x then x else [ x ];
    flatten = x: if b.isList x then b.concatMap flatten x else [ x ];
    unique = list: foldl' (acc: e: if b.elem e acc then acc else acc ++ [ e ]) [ ] list;
    uniqueStrings = list: b.attrNames (b.listToAttrs (b.map (s: nameValuePair s null) list));
    range = first: last: if first > last then [ ] else b.genList (n: first + n) (last - first + 1);
    imap0 = f: list: b.genList (n: f n (b.elemAt list n)) (b.length list);
    imap1 = f: list: b.genList (n: f (n + 1) (b.elemAt list n)) (b.length list);
    last = list: b.elemAt list (b.length list - 1);
    init = list: take (b.length list - 1) list;
    take = count: sublist 0 count;
    drop = count: list: sublist count (b.length list) list;
    sublist = start: count: list:
      let
        len = b.length list;
        s = if start > len then len else start;
        n = if s + count > len then len - s else count;
      in b.genList (i: b.elemAt list (s + i)) (if n < 0 then 0 else n);
    reverseList = list: let l = b.length list; in b.genList (n: b.elemAt list (l - n - 1)) l;
    zipListsWith = f: fst: snd:
      b.genList (n: f (b.elemAt fst n) (b.elemAt snd n)) (min (b.length fst) (b.length snd));
    zipLists = zipListsWith (fst: snd: { inherit fst snd; });
    count = pred: foldl' (c: x: if pred x then c + 1 else c) 0;
    findFirst = pred: default: list:
      let found = b.filter pred list; in if found == [ ] then default else b.head found;
    remove = e: b.filter (x: x != e);
    subtractLists = e: b.filter (x: !(b.elem x e));
    intersectLists = e: b.filter (x: b.elem x e);
    mutuallyExclusive = a: c: b.length a == 0 || !(b.any (x: b.elem x c) a);
    naturalSort = b.sort b.lessThan;
    sortOn = f: b.sort (a: c: f a < f c);
    replicate = n: x: b.genList (_: x) n;
    ifilter0 = f: list: b.concatLists (imap0 (i: x: if f i x then [ x ] else [ ]) list);

    # Strings.
    hasPrefix = pref: str: b.substring 0 (b.stringLength pref) str == pref;
    hasSuffix = suffix: content:
      let lc = b.stringLength content; ls = b.stringLength suffix; in
      lc >= ls && b.substring (lc - ls) lc content == suffix;
    hasInfix = infix: content: b.match ".*${escapeRegex infix}.*" "${content}" != null;
    escapeRegex = b.replaceStrings
      [ "\\" "[" "]" "{" "}" "(" ")" "." "*" "+" "?" "^" "$" "|" ]
      [ "\\\\" "\\[" "\\]" "\\{" "\\}" "\\(" "\\)" "\\." "\\*" "\\+" "\\?" "\\^" "\\$" "\\|" ];
    removePrefix = pref: str:
      if hasPrefix pref str then b.substring (b.stringLength pref) (b.stringLength str) str else str;
    removeSuffix = suffix: str:
      if hasSuffix suffix str then b.substring 0 (b.stringLength str - b.stringLength suffix) str else str;
    splitString = sep: s:
      b.map (x: if b.isList x then sep else x)
        (b.filter b.isString (b.split (escapeRegex sep) (b.toString s)));
    concatStrings = b.concatStringsSep "";
    concatMapStrings = f: list: concatStrings (b.map f list);
    concatMapStringsSep = sep: f: list: b.concatStringsSep sep (b.map f list);
    concatLines = list: concatStrings (b.map (s: s + "\n") list);
    optionalString = cond: s: if cond then s else "";
    toUpper = b.replaceStrings lowerChars upperChars;
    toLower = b.replaceStrings upperChars lowerChars;
    lowerChars = stringToCharacters "abcdefghijklmnopqrstuvwxyz";
    upperChars = stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    stringToCharacters = s: b.genList (p: b.substring p 1 s) (b.stringLength s);
    strings = lib;
    escapeShellArg = arg: "'${b.replaceStrings [ "'" ] [ "'\\''" ] (b.toString arg)}'";
    escape = list: b.replaceStrings list (b.map (c: "\\${c}") list);
    escapeNixString = s: escape [ "$" ] (b.toJSON s);
    escapeNixIdentifier = s:
      if b.match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null
        && !b.elem s [ "assert" "else" "if" "in" "inherit" "let" "or" "rec" "then" "with" ]
      then s else escapeNixString s;
    showAttrPath = path: if path == [ ] then "<root attribute path>" else concatMapStringsSep "." escapeNixIdentifier path;
    fileContents = file: removeSuffix "\n" (b.readFile file);
    trim = s: let m = b.match "[[:space:]]*(.*[^[:space:]])[[:space:]]*" s; in if m == null then "" else b.head m;

    # Namespaces nixpkgs also offers.
    attrsets = lib;
    lists = lib;
    trivial = lib;
    modules = lib;
    options = lib;
    versions = { majorMinor = v: let p = b.splitVersion v; in "${b.elemAt p 0}.${b.elemAt p 1}"; };
    fakeHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    nixosSystem = _: b.throw "lib.nixosSystem builds a NixOS system, which nixinv does not do";
    version = "25.11";
    trivialVersion = version;
  };
in lib
"""#
}
