using System.Globalization;

namespace Scholar.Domain.Common;

public static class Money
{
    /// <summary>Minor units to a display string: 1000 usd → "$10.00"; other currencies keep their code.</summary>
    public static string Format(long minorUnits, string currency)
    {
        var amount = (minorUnits / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        return currency.Equals("usd", StringComparison.OrdinalIgnoreCase) ? $"${amount}" : $"{amount} {currency.ToUpperInvariant()}";
    }
}
