using System.Text;
using Alliance.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Alliance.Gateway.Tests.Problems;

/// <summary>What reaches a problem: its code, a rule code of its <c>errors</c>, or words for its title and detail.</summary>
internal enum Flow
{
    Code,
    Rule,
    Text,
}

/// <summary>A value that reaches a problem, where it is written, and in which project.</summary>
/// <param name="Rendered">An interpolation whose holes are filled before the text reaches a <c>ProblemText</c>: its format cannot be the key.</param>
internal sealed record Found(Flow Flow, string Value, string Project, string Where, bool Rendered = false);

/// <summary>
/// Reads the sources (src/**, ServiceDefaults/**) and follows, by their syntax, every value that
/// reaches a problem: the code and texts of <c>ApiProblems.*</c> and of a <c>ProblemDetails</c>
/// written by hand, the codes of <c>ProducesProblems</c>, the rules of <c>FieldErrors.Add/Check</c>.
/// A value passed on through a parameter or a record's property is followed to where it is written,
/// through constants, locals, conditionals and switches, so a helper between them hides nothing.
/// </summary>
internal sealed class ProblemSources
{
    private readonly List<(string Project, string Path, SyntaxTree Tree)> trees = [];
    private readonly List<Sink> sinks = [];
    private readonly HashSet<Sink> known = [];
    private readonly List<Found> found = [];
    private readonly List<string> unresolved = [];
    private readonly List<TypeDeclarationSyntax> records;
    private readonly List<Constant> constants;
    private readonly List<MethodDeclarationSyntax> methods;
    private readonly HashSet<string> types;

    private ProblemSources(string root)
    {
        Root = root;
        foreach (var project in Projects(root))
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (!relative.Contains("/obj/", StringComparison.Ordinal) && !relative.Contains("/bin/", StringComparison.Ordinal))
                {
                    trees.Add((project, relative, CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: relative)));
                }
            }
        }

        var nodes = trees.SelectMany(t => t.Tree.GetRoot().DescendantNodes()).ToList();
        records = nodes.OfType<TypeDeclarationSyntax>().Where(t => t.ParameterList is { Parameters.Count: > 0 }).ToList();
        methods = nodes.OfType<MethodDeclarationSyntax>().ToList();
        types = nodes.OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.Text).ToHashSet(StringComparer.Ordinal);
        constants = nodes.OfType<FieldDeclarationSyntax>()
            .Where(f => f.Modifiers.Any(SyntaxKind.ConstKeyword) || (f.Modifiers.Any(SyntaxKind.StaticKeyword) && f.Modifiers.Any(SyntaxKind.ReadOnlyKeyword)))
            .SelectMany(f => f.Declaration.Variables.Where(v => v.Initializer is not null).Select(v =>
                (Type: (f.Parent as TypeDeclarationSyntax)?.Identifier.Text, v.Identifier.Text, v.Initializer!.Value, f.Modifiers.Any(SyntaxKind.ConstKeyword))))
            .Select(c => new Constant(c.Item1, c.Item2, c.Value, c.Item4))
            .ToList();
    }

    public string Root { get; }

    public IReadOnlyList<Found> Found => found;

    /// <summary>Expressions at a problem's code, rule or text that could not be followed to a value.</summary>
    public IReadOnlyList<string> Unresolved => unresolved;

    /// <summary>The problem codes: ErrorCodes' constants and every code the services answer or declare.</summary>
    public IReadOnlySet<string> Codes => found.Where(f => f.Flow == Flow.Code).Select(f => f.Value).ToHashSet(StringComparer.Ordinal);

    public IReadOnlySet<string> Rules => found.Where(f => f.Flow == Flow.Rule).Select(f => f.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>ServiceDefaults and every project under src/, by their folder (<c>src/Needs</c>).</summary>
    public static IEnumerable<string> Projects(string root) =>
        Directory.EnumerateDirectories(Path.Combine(root, "src"))
            .Where(d => Directory.EnumerateFiles(d, "*.csproj").Any())
            .Select(d => Path.GetRelativePath(root, d).Replace('\\', '/'))
            .Prepend("ServiceDefaults")
            .Order(StringComparer.Ordinal);

    public static ProblemSources Read(string root)
    {
        var sources = new ProblemSources(root);
        sources.Scan();
        return sources;
    }

    private void Scan()
    {
        foreach (var method in new[] { "Problem", "Details" })
        {
            Add(new Sink(method, "ApiProblems", 1, "code", Flow.Code, Static: true, Typed: false));
            Add(new Sink(method, "ApiProblems", 2, "title", Flow.Text, Static: true, Typed: true));
            Add(new Sink(method, "ApiProblems", 3, "detail", Flow.Text, Static: true, Typed: true));
        }

        foreach (var method in new[] { "NotFound", "Conflict", "Unprocessable", "Unavailable" })
        {
            Add(new Sink(method, "ApiProblems", 0, "code", Flow.Code, Static: true, Typed: false));
            Add(new Sink(method, "ApiProblems", 1, "title", Flow.Text, Static: true, Typed: true));
            Add(new Sink(method, "ApiProblems", 2, "detail", Flow.Text, Static: true, Typed: true));
        }

        var errorCodes = constants.Where(c => c.Type == "ErrorCodes" && c.IsConst).Select(c => c.Value).ToList();
        // A sink found while following adds call sites: go round until a whole pass finds no new one.
        int count;
        do
        {
            count = sinks.Count;
            found.Clear();
            unresolved.Clear();
            foreach (var value in errorCodes)
            {
                Follow(value, Flow.Code, typed: false);
            }

            foreach (var (_, _, tree) in trees)
            {
                VisitTree(tree);
            }
        }
        while (sinks.Count != count);
    }

    private void VisitTree(SyntaxTree tree)
    {
        var fieldErrors = FieldErrorsNames(tree.GetRoot());
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax call:
                    VisitCall(call, fieldErrors);
                    break;
                case BaseObjectCreationExpressionSyntax creation:
                    VisitCreation(creation);
                    break;
                case AssignmentExpressionSyntax assignment:
                    VisitAssignment(assignment);
                    break;
            }
        }
    }

    private void VisitCall(InvocationExpressionSyntax call, HashSet<string> fieldErrors)
    {
        var (name, receiver) = call.Expression switch
        {
            MemberAccessExpressionSyntax member => (member.Name.Identifier.Text, member.Expression),
            IdentifierNameSyntax identifier => (identifier.Identifier.Text, null),
            GenericNameSyntax generic => (generic.Identifier.Text, null),
            _ => ("", null),
        };
        var arguments = call.ArgumentList.Arguments;
        if (name == "ProducesProblems")
        {
            foreach (var argument in arguments.Skip(1))
            {
                Follow(argument.Expression, Flow.Code, typed: true);
            }

            return;
        }

        if (name is "Add" or "Check" && IsFieldErrors(receiver, fieldErrors) && arguments.Count == (name == "Add" ? 2 : 3))
        {
            Follow(arguments[^1].Expression, Flow.Rule, typed: true);
            return;
        }

        foreach (var sink in sinks.Where(s => !s.Constructor && s.Method == name && Matches(s, receiver, call)).ToList())
        {
            if (Argument(arguments, sink) is { } argument)
            {
                Follow(argument, sink.Flow, sink.Typed);
            }
        }
    }

    private void VisitCreation(BaseObjectCreationExpressionSyntax creation)
    {
        var type = creation switch
        {
            ObjectCreationExpressionSyntax explicitly => LastName(explicitly.Type),
            _ => creation.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text,
        };
        if (type is "ProblemDetails" or "HttpValidationProblemDetails" && creation.Initializer is { } initializer)
        {
            foreach (var assignment in initializer.Expressions.OfType<AssignmentExpressionSyntax>())
            {
                if (assignment.Left is IdentifierNameSyntax { Identifier.Text: "Title" or "Detail" })
                {
                    Follow(assignment.Right, Flow.Text, typed: false);
                }
            }
        }

        if (creation.ArgumentList is null)
        {
            return;
        }

        foreach (var sink in sinks.Where(s => s.Constructor && s.Type == type).ToList())
        {
            if (Argument(creation.ArgumentList.Arguments, sink) is { } argument)
            {
                Follow(argument, sink.Flow, sink.Typed);
            }
        }
    }

    /// <summary><c>["code"] = X</c> in an initializer, or <c>problem.Extensions["code"] = X</c>.</summary>
    private void VisitAssignment(AssignmentExpressionSyntax assignment)
    {
        var index = assignment.Left switch
        {
            ImplicitElementAccessSyntax implicitly => implicitly.ArgumentList.Arguments,
            ElementAccessExpressionSyntax access => access.ArgumentList.Arguments,
            _ => default,
        };
        if (index.Count == 1 && index[0].Expression is LiteralExpressionSyntax { Token.ValueText: "code" })
        {
            Follow(assignment.Right, Flow.Code, typed: true);
        }
    }

    private void Follow(ExpressionSyntax expression, Flow flow, bool typed)
    {
        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                Record(flow, literal.Token.ValueText, expression, rendered: false);
                break;
            case LiteralExpressionSyntax or DefaultExpressionSyntax:
                break;
            case BaseObjectCreationExpressionSyntax when flow == Flow.Code:
                // A code is a string: an object under a "code" key is something else (an OpenAPI schema of the code).
                break;
            case InterpolatedStringExpressionSyntax interpolated:
                var (key, holes) = Key(interpolated);
                Record(flow, key, expression, rendered: holes && !typed);
                break;
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) && Concatenated(binary) is { } joined:
                Record(flow, joined, expression, rendered: false);
                break;
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression):
                Follow(binary.Left, flow, typed);
                Follow(binary.Right, flow, typed);
                break;
            case ParenthesizedExpressionSyntax parenthesized:
                Follow(parenthesized.Expression, flow, typed);
                break;
            case CastExpressionSyntax cast:
                Follow(cast.Expression, flow, typed);
                break;
            case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                Follow(suppressed.Operand, flow, typed);
                break;
            case ConditionalExpressionSyntax conditional:
                Follow(conditional.WhenTrue, flow, typed);
                Follow(conditional.WhenFalse, flow, typed);
                break;
            case SwitchExpressionSyntax switched:
                foreach (var arm in switched.Arms)
                {
                    Follow(arm.Expression, flow, typed);
                }

                break;
            case ThrowExpressionSyntax:
                break;
            case IdentifierNameSyntax identifier:
                FollowName(identifier, flow, typed);
                break;
            case MemberAccessExpressionSyntax member:
                FollowMember(member, flow, typed);
                break;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "ToString" } }:
                // An id or a number as a detail: data, the same in every language.
                break;
            case InvocationExpressionSyntax { Expression: IdentifierNameSyntax method } invocation:
                FollowReturns(invocation, null, method.Identifier.Text, flow, typed);
                break;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax method } invocation:
                FollowReturns(invocation, method.Expression, method.Name.Identifier.Text, flow, typed);
                break;
            default:
                Miss(expression, flow);
                break;
        }
    }

    private void FollowName(IdentifierNameSyntax identifier, Flow flow, bool typed)
    {
        var name = identifier.Identifier.Text;
        // A parameter of the method (or constructor, local function, record) it is in: that parameter becomes a sink.
        foreach (var ancestor in identifier.Ancestors())
        {
            if (ancestor is AnonymousFunctionExpressionSyntax lambda && LambdaHas(lambda, name))
            {
                Miss(identifier, flow);
                return;
            }

            var (parameters, method, isConstructor, isStatic) = ancestor switch
            {
                MethodDeclarationSyntax m => (m.ParameterList, m.Identifier.Text, false, m.Modifiers.Any(SyntaxKind.StaticKeyword)),
                LocalFunctionStatementSyntax l => (l.ParameterList, l.Identifier.Text, false, true),
                ConstructorDeclarationSyntax c => (c.ParameterList, c.Identifier.Text, true, false),
                TypeDeclarationSyntax t => (t.ParameterList, t.Identifier.Text, true, false),
                _ => ((ParameterListSyntax?)null, "", false, false),
            };
            var index = parameters?.Parameters.IndexOf(p => p.Identifier.Text == name) ?? -1;
            if (index >= 0)
            {
                var type = ancestor.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().First().Identifier.Text;
                Add(new Sink(method, type, index, name, flow, isStatic, IsProblemText(parameters!.Parameters[index].Type), isConstructor));
                return;
            }

            if (ancestor is BlockSyntax or ArrowExpressionClauseSyntax or SwitchSectionSyntax && Local(ancestor, name) is { } values)
            {
                foreach (var value in values)
                {
                    Follow(value, flow, typed);
                }

                return;
            }

            if (ancestor is TypeDeclarationSyntax)
            {
                break;
            }
        }

        var constants = Constants(identifier, null, name).ToList();
        if (constants.Count == 0)
        {
            Miss(identifier, flow);
        }

        foreach (var constant in constants)
        {
            Follow(constant, flow, typed);
        }
    }

    /// <summary><c>NeedCodes.NeedNotFound</c> (a constant) or <c>refusal.Code</c> (a record's property, whose constructor becomes a sink).</summary>
    private void FollowMember(MemberAccessExpressionSyntax member, Flow flow, bool typed)
    {
        var name = member.Name.Identifier.Text;
        var constants = Constants(member, LastName(member.Expression), name).ToList();
        foreach (var constant in constants)
        {
            Follow(constant, flow, typed);
        }

        var receiverType = TypeOf(member.Expression);
        var properties = records.Where(t => t.ParameterList!.Parameters.Any(p => p.Identifier.Text == name)
            && (receiverType is null || t.Identifier.Text == receiverType)).ToList();
        foreach (var record in properties)
        {
            var index = record.ParameterList!.Parameters.IndexOf(p => p.Identifier.Text == name);
            Add(new Sink(record.Identifier.Text, record.Identifier.Text, index, name, flow, false, IsProblemText(record.ParameterList.Parameters[index].Type), Constructor: true));
        }

        if (constants.Count == 0 && properties.Count == 0)
        {
            Miss(member, flow);
        }
    }

    /// <summary>A method that returns the value (of this type, of the named one, or of the receiver's): each of its returns.</summary>
    private void FollowReturns(InvocationExpressionSyntax invocation, ExpressionSyntax? receiver, string name, Flow flow, bool typed)
    {
        var owner = receiver is null ? invocation.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text : TypeOf(receiver);
        var named = methods.Where(m => m.Identifier.Text == name).ToList();
        var owned = named.Where(m => (m.Parent as TypeDeclarationSyntax)?.Identifier.Text == owner).ToList();
        // Only a receiver of unknown type (a var) may be any type's: string.Create is not LedgerEntry.Create.
        var candidates = owned.Count > 0 || receiver is null || receiver is PredefinedTypeSyntax || owner is not null ? owned : named;
        if (candidates.Count == 0)
        {
            Miss(invocation, flow);
        }

        foreach (var method in candidates)
        {
            var returns = method.ExpressionBody is { } body
                ? [body.Expression]
                : method.Body?.DescendantNodes().OfType<ReturnStatementSyntax>().Select(r => r.Expression).OfType<ExpressionSyntax>().ToList() ?? [];
            foreach (var value in returns)
            {
                Follow(value, flow, typed);
            }
        }
    }

    /// <summary>
    /// The type a receiver is declared with, where the syntax says it: a parameter's or a typed local's,
    /// or a type's own name (a static member); null for <c>var</c> and anything else.
    /// </summary>
    private string? TypeOf(ExpressionSyntax receiver)
    {
        if (receiver is not IdentifierNameSyntax identifier)
        {
            return null;
        }

        var name = identifier.Identifier.Text;
        foreach (var ancestor in receiver.Ancestors())
        {
            var parameters = ancestor switch
            {
                BaseMethodDeclarationSyntax m => m.ParameterList.Parameters,
                LocalFunctionStatementSyntax l => l.ParameterList.Parameters,
                ParenthesizedLambdaExpressionSyntax l => l.ParameterList.Parameters,
                TypeDeclarationSyntax t when t.ParameterList is not null => t.ParameterList.Parameters,
                _ => default,
            };
            if (parameters.FirstOrDefault(p => p.Identifier.Text == name) is { Type: { } type })
            {
                return LastName(type);
            }

            if (ancestor is BlockSyntax block && block.DescendantNodes().OfType<VariableDeclarationSyntax>()
                .FirstOrDefault(d => d.Variables.Any(v => v.Identifier.Text == name)) is { } declaration)
            {
                return declaration.Type.IsVar ? null : LastName(declaration.Type);
            }
        }

        return types.Contains(name) ? name : null;
    }

    /// <summary>The values a local of this block is given: its initializer, its assignments, or its place in a deconstruction.</summary>
    private static List<ExpressionSyntax>? Local(SyntaxNode scope, string name)
    {
        var declared = false;
        var values = new List<ExpressionSyntax>();
        foreach (var node in scope.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax variable when variable.Identifier.Text == name:
                    declared = true;
                    if (variable.Initializer is { } initializer)
                    {
                        values.Add(initializer.Value);
                    }

                    break;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax left } assignment when left.Identifier.Text == name:
                    values.Add(assignment.Right);
                    break;
                case IsPatternExpressionSyntax { Pattern: RecursivePatternSyntax { Designation: SingleVariableDesignationSyntax single } } pattern when single.Identifier.Text == name:
                    declared = true;
                    values.Add(pattern.Expression);
                    break;
                case IsPatternExpressionSyntax { Pattern: DeclarationPatternSyntax { Designation: SingleVariableDesignationSyntax single } } pattern when single.Identifier.Text == name:
                    declared = true;
                    values.Add(pattern.Expression);
                    break;
                case AssignmentExpressionSyntax { Left: DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax tuple } } deconstruction:
                    var position = tuple.Variables.IndexOf(v => v is SingleVariableDesignationSyntax single && single.Identifier.Text == name);
                    if (position >= 0)
                    {
                        declared = true;
                        values.AddRange(Elements(deconstruction.Right, position));
                    }

                    break;
            }
        }

        return declared ? values : null;
    }

    private static IEnumerable<ExpressionSyntax> Elements(ExpressionSyntax expression, int position) => expression switch
    {
        TupleExpressionSyntax tuple => [tuple.Arguments[position].Expression],
        SwitchExpressionSyntax switched => switched.Arms.SelectMany(a => Elements(a.Expression, position)),
        ConditionalExpressionSyntax conditional => Elements(conditional.WhenTrue, position).Concat(Elements(conditional.WhenFalse, position)),
        ParenthesizedExpressionSyntax parenthesized => Elements(parenthesized.Expression, position),
        _ => [],
    };

    /// <summary>String constants (and static readonly strings) by name: in the named or enclosing type first, then anywhere.</summary>
    private IEnumerable<ExpressionSyntax> Constants(SyntaxNode at, string? type, string name)
    {
        var all = constants.Where(c => c.Name == name).ToList();
        var owner = type ?? at.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text;
        var own = all.Where(c => c.Type == owner).ToList();
        return (own.Count > 0 ? own : type is null ? all : []).Select(c => c.Value);
    }

    private void Record(Flow flow, string value, SyntaxNode at, bool rendered)
    {
        var (project, where) = Where(at);
        found.Add(new Found(flow, value, project, where, rendered));
    }

    private void Miss(SyntaxNode at, Flow flow)
    {
        var (_, where) = Where(at);
        unresolved.Add($"{where}: {flow} {at}");
    }

    private (string Project, string Where) Where(SyntaxNode at)
    {
        var path = at.SyntaxTree.FilePath;
        var project = trees.First(t => t.Path == path).Project;
        return (project, $"{path}:{at.GetLocation().GetLineSpan().StartLinePosition.Line + 1}");
    }

    private void Add(Sink sink)
    {
        if (known.Add(sink))
        {
            sinks.Add(sink);
        }
    }

    private static bool Matches(Sink sink, ExpressionSyntax? receiver, InvocationExpressionSyntax call) =>
        receiver is null
            ? call.Ancestors().OfType<TypeDeclarationSyntax>().Any(t => t.Identifier.Text == sink.Type)
            : !sink.Static || LastName(receiver) == sink.Type;

    private static ExpressionSyntax? Argument(SeparatedSyntaxList<ArgumentSyntax> arguments, Sink sink)
    {
        var named = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.Text is { } n && n == sink.Parameter);
        if (named is not null)
        {
            return named.Expression;
        }

        return sink.Index < arguments.Count && arguments[sink.Index].NameColon is null ? arguments[sink.Index].Expression : null;
    }

    /// <summary>Names of this file's <c>FieldErrors</c>: fields, parameters and locals declared or created as one.</summary>
    private static HashSet<string> FieldErrorsNames(SyntaxNode root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case ParameterSyntax parameter when LastName(parameter.Type) == "FieldErrors":
                    names.Add(parameter.Identifier.Text);
                    break;
                case VariableDeclarationSyntax declaration when LastName(declaration.Type) == "FieldErrors":
                    names.UnionWith(declaration.Variables.Select(v => v.Identifier.Text));
                    break;
                case VariableDeclaratorSyntax { Initializer.Value: ObjectCreationExpressionSyntax creation } variable when LastName(creation.Type) == "FieldErrors":
                    names.Add(variable.Identifier.Text);
                    break;
            }
        }

        return names;
    }

    private static bool IsFieldErrors(ExpressionSyntax? receiver, HashSet<string> names) => receiver switch
    {
        IdentifierNameSyntax identifier => names.Contains(identifier.Identifier.Text),
        MemberAccessExpressionSyntax member => names.Contains(member.Name.Identifier.Text),
        ObjectCreationExpressionSyntax creation => LastName(creation.Type) == "FieldErrors",
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Add" } inner } => IsFieldErrors(inner.Expression, names),
        _ => false,
    };

    private static bool LambdaHas(AnonymousFunctionExpressionSyntax lambda, string name) => lambda switch
    {
        SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.Text == name,
        ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList.Parameters.Any(p => p.Identifier.Text == name),
        AnonymousMethodExpressionSyntax method => method.ParameterList?.Parameters.Any(p => p.Identifier.Text == name) == true,
        _ => false,
    };

    private static bool IsProblemText(TypeSyntax? type) => LastName(type) == "ProblemText";

    private static string? LastName(SyntaxNode? node) => node switch
    {
        NullableTypeSyntax nullable => LastName(nullable.ElementType),
        QualifiedNameSyntax qualified => qualified.Right.Identifier.Text,
        SimpleNameSyntax simple => simple.Identifier.Text,
        MemberAccessExpressionSyntax member => member.Name.Identifier.Text,
        PredefinedTypeSyntax predefined => predefined.Keyword.Text,
        _ => null,
    };

    /// <summary>The key <c>ProblemText</c> makes of an interpolation: its composite format, or its text when it has no holes.</summary>
    public static (string Key, bool Holes) Key(InterpolatedStringExpressionSyntax interpolated)
    {
        var format = new StringBuilder();
        var plain = new StringBuilder();
        var holes = 0;
        foreach (var content in interpolated.Contents)
        {
            if (content is InterpolatedStringTextSyntax text)
            {
                // The token keeps the source's escapes ({{ and }}), as a composite format does.
                format.Append(text.TextToken.ValueText);
                plain.Append(text.TextToken.ValueText.Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal));
            }
            else if (content is InterpolationSyntax hole)
            {
                format.Append('{').Append(holes++);
                if (hole.FormatClause is { } clause)
                {
                    format.Append(':').Append(clause.FormatStringToken.ValueText);
                }

                format.Append('}');
            }
        }

        return holes == 0 ? (plain.ToString(), false) : (format.ToString(), true);
    }

    /// <summary>Literals joined with <c>+</c> (a long text over lines); null when a part is not a literal.</summary>
    private static string? Concatenated(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        InterpolatedStringExpressionSyntax interpolated when Key(interpolated) is (var key, false) => key,
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression)
            && Concatenated(binary.Left) is { } left && Concatenated(binary.Right) is { } right => left + right,
        _ => null,
    };

    /// <summary>A parameter (of a method, or of a constructor when <see cref="Constructor"/>) where a code, rule or text arrives.</summary>
    /// <param name="Typed">Whether the parameter is a <c>ProblemText</c>, which keeps an interpolation's format.</param>
    private sealed record Constant(string? Type, string Name, ExpressionSyntax Value, bool IsConst);

    private sealed record Sink(string Method, string Type, int Index, string Parameter, Flow Flow, bool Static, bool Typed, bool Constructor = false);
}

internal static class SeparatedListExtensions
{
    public static int IndexOf<T>(this SeparatedSyntaxList<T> list, Func<T, bool> predicate)
        where T : SyntaxNode
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (predicate(list[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
