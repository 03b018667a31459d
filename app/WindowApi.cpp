#include "WindowApi.h"

#include "AppSettings.h"
#include "CommandLine.h"

namespace jobdeck {

WindowApi::WindowApi(Engine &engine, std::optional<ApiOptions> commandLine, QObject *parent)
    : QObject(parent), m_engine(engine), m_commandLine(std::move(commandLine))
{
}

WindowApi::~WindowApi() = default;

std::optional<ApiOptions> WindowApi::wanted() const
{
    if (m_commandLine)
        return m_commandLine;
    if (!AppSettings::servesHttpApi())
        return std::nullopt;
    QString error;
    const auto address = HttpAddress::parse(AppSettings::httpApiAddress(), &error);
    // Settings offer this computer's addresses only: others need the command line's TLS files.
    if (!address || !address->isLoopback())
        return std::nullopt;
    ApiOptions options;
    options.address = *address;
    return options;
}

QString WindowApi::apply()
{
    const auto options = wanted();
    const QString key = options ? options->address.toString() : QString();
    if (key == m_serving)
        return {};
    const bool wasServing = m_service != nullptr;
    m_service.reset();
    m_serving.clear();
    if (!options) {
        if (!wasServing)
            return {};
        out() << "HTTP API stopped" << Qt::endl;
        return tr("The HTTP API is off.");
    }
    auto service = std::make_unique<ApiService>(m_engine, *options);
    QString error;
    if (!service->start(&error)) {
        err() << "jobdeck: the HTTP API cannot start: " << error << Qt::endl;
        return tr("The HTTP API cannot start: %1").arg(error);
    }
    m_service = std::move(service);
    m_serving = key;
    out() << "HTTP API on " << m_service->url() << " (token: " << m_service->tokenSource() << ")" << Qt::endl;
    return tr("HTTP API on %1").arg(m_service->url());
}

QString WindowApi::url() const
{
    return m_service ? m_service->url() : QString();
}

} // namespace jobdeck
