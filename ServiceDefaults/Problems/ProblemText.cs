using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Alliance.ServiceDefaults.Problems;

/// <summary>
/// A problem's title or detail as the call site wrote it: <c>$"... this one is {merchant.Status}."</c>
/// is kept as the format <c>... this one is {0}.</c> with its arguments, so the format is the key of
/// its translation (<c>Resources/Problems.zh-CN.resx</c>) and the arguments fill the translated holes.
/// A plain string is its own key.
/// </summary>
[InterpolatedStringHandler]
public sealed class ProblemText
{
    private readonly StringBuilder format;
    private readonly StringBuilder plain;
    private readonly List<object?> arguments;

    public ProblemText(int literalLength, int formattedCount)
    {
        format = new StringBuilder(literalLength + (formattedCount * 4));
        plain = new StringBuilder(literalLength);
        arguments = new List<object?>(formattedCount);
    }

    private ProblemText(string text)
        : this(text.Length, 0) => AppendLiteral(text);

    /// <summary>The key of the translation: the composite format (holes <c>{0}</c>, <c>{1:N0}</c>), or the text itself when it has no holes.</summary>
    public string Key => arguments.Count == 0 ? plain.ToString() : format.ToString();

    public IReadOnlyList<object?> Arguments => arguments;

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static implicit operator ProblemText?(string? text) => text is null ? null : new ProblemText(text);

    public static ProblemText FromString(string text) => new(text);

    public void AppendLiteral(string value)
    {
        plain.Append(value);
        format.Append(value.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
    }

    public void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public void AppendFormatted<T>(T value, string? format)
    {
        this.format.Append('{').Append(arguments.Count.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(format))
        {
            this.format.Append(':').Append(format);
        }

        this.format.Append('}');
        arguments.Add(value);
    }

    /// <summary>Fills a translation of <see cref="Key"/> (or the key itself) with the arguments.</summary>
    public string Render(string template, IFormatProvider provider) =>
        arguments.Count == 0 ? template : string.Format(provider, template, [.. arguments]);

    /// <summary>The call site's own (English) text.</summary>
    public string ToString(IFormatProvider provider) => Render(Key, provider);

    public override string ToString() => ToString(CultureInfo.InvariantCulture);
}
