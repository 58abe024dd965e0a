namespace Scholar.Web.Security;

/// <summary>
/// What the API reference (<c>/openapi</c>, Scalar) and <c>/api/info</c> tell an anonymous caller is a
/// map of the attack surface and the exact version: public in Development or with
/// <c>API_DOCS_PUBLIC=true</c>, otherwise for operators (scope ops) only.
/// </summary>
public static class ApiDocs
{
    public const string PublicSetting = "API_DOCS_PUBLIC";

    public static bool ArePublic(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() || configuration.GetValue<bool>(PublicSetting);
}
