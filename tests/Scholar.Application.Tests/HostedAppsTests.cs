using Scholar.Application.Hosting;

namespace Scholar.Application.Tests;

public sealed class HostedAppsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_means_all_five_apps(string? value) =>
        Assert.Equal(ScholarApps.All, HostedApps.Parse(value).Names);

    [Fact]
    public void A_comma_list_selects_apps_in_canonical_order()
    {
        var apps = HostedApps.Parse(" auto_com_center ,scholar_auth");

        Assert.Equal([ScholarApps.Auth, ScholarApps.AutoComCenter], apps.Names);
        Assert.False(apps.Hosts(ScholarApps.ScholarshipApi));
    }

    [Fact]
    public void Unknown_names_are_refused_with_the_known_list()
    {
        var error = Assert.Throws<ArgumentException>(() => HostedApps.Parse("scholar_auth,payments"));

        Assert.Contains("payments", error.Message, StringComparison.Ordinal);
        Assert.Contains(ScholarApps.ProviderRegister, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_app_has_expected_settings_and_DATABASE_URL_is_required_where_data_is_kept()
    {
        foreach (var app in ScholarApps.All)
        {
            Assert.NotEmpty(SettingsCatalog.For(app));
        }

        Assert.Contains(new ExpectedSetting("DATABASE_URL", SettingCategory.Required), SettingsCatalog.For(ScholarApps.ScholarshipApi));
    }
}
