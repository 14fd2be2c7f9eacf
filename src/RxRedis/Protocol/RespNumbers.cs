using System.Globalization;

namespace RxRedis.Protocol;

/// <summary>Number text as Redis writes it: invariant culture, and <c>inf</c>/<c>-inf</c>/<c>nan</c> for the specials.</summary>
internal static class RespNumbers
{
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        if (text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (text.SequenceEqual("-inf"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }
        if (text.SequenceEqual("nan"u8) || text.SequenceEqual("-nan"u8))
        {
            value = double.NaN;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    // The allocation-free form of FormatDouble, for the writer; 32 bytes always suffice.
    public static int FormatDouble(double value, Span<byte> destination)
    {
        ReadOnlySpan<byte> special = value switch
        {
            double.PositiveInfinity => "inf"u8,
            double.NegativeInfinity => "-inf"u8,
            _ when double.IsNaN(value) => "nan"u8,
            _ => default,
        };
        if (!special.IsEmpty)
        {
            special.CopyTo(destination);
            return special.Length;
        }
        return value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException("Destination too small for a double.", nameof(destination));
    }
}
