using DrainSafe.Sandbox.Api.Validation;

namespace DrainSafe.Sandbox.Tests.Validation;

public sealed class GoValueFormatterTests
{
    [Theory]
    [InlineData(10.0, "10")]
    [InlineData(1.5, "1.5")]
    [InlineData(-2.25, "-2.25")]
    [InlineData(123456.0, "123456")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.1, "0.1")]
    public void Floats_print_like_Go_percent_v(double value, string expected)
    {
        Assert.Equal(expected, GoValueFormatter.FormatFloat(value));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("line\nbreak\ttab", "\"line\\nbreak\\ttab\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("héllo", "\"héllo\"")]
    public void Strings_quote_like_Go_strconv_Quote(string value, string expected)
    {
        Assert.Equal(expected, GoValueFormatter.Quote(value));
    }
}
