#pragma once

// A jobs folder in a temporary directory for the jobs-folder and continuous-job tests, and a registry whose
// fallback runs its definitions, as the jobdeck binary sets it up.

#include "definitions/DefinitionHandler.h"
#include "definitions/JobDefinitions.h"
#include "runner/HandlerRegistry.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <memory>

namespace jobdeck::test {

class TempJobsFolder {
public:
    QString path() const { return m_dir.path(); }

    // Writes DIR/TYPE/NAME/FILE (creating folders); returns its path.
    QString write(const QString &type, const QString &name, const QString &file, const QByteArray &content,
                  bool executable = false)
    {
        const QString folder = QDir(m_dir.path()).filePath(type + u'/' + name);
        QDir().mkpath(folder);
        const QString path = QDir(folder).filePath(file);
        // Written beside and renamed, as editors do, so a watcher never reads half a file.
        const QString temporary = path + QStringLiteral(".partial");
        QFile f(temporary);
        f.open(QIODevice::WriteOnly);
        f.write(content);
        f.close();
        if (executable)
            f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        QFile::remove(path);
        QFile::rename(temporary, path);
        return path;
    }

    QString triggered(const QString &name, const QByteArray &script, const QByteArray &settings = {})
    {
        if (!settings.isEmpty())
            write(QStringLiteral("triggered"), name, QStringLiteral("settings.job"), settings);
        return write(QStringLiteral("triggered"), name, QStringLiteral("run.sh"), script);
    }

    QString continuous(const QString &name, const QByteArray &script, const QByteArray &settings = {})
    {
        if (!settings.isEmpty())
            write(QStringLiteral("continuous"), name, QStringLiteral("settings.job"), settings);
        return write(QStringLiteral("continuous"), name, QStringLiteral("run.sh"), script);
    }

    bool remove(const QString &type, const QString &name)
    {
        return QDir(QDir(m_dir.path()).filePath(type + u'/' + name)).removeRecursively();
    }

private:
    QTemporaryDir m_dir;
};

// The built-in handlers, with the definitions of `definitions` run by their fallback.
inline HandlerRegistry registryWith(const JobDefinitions &definitions)
{
    HandlerRegistry r;
    HandlerRegistry::addBuiltIns(r);
    DefinitionHandler::addTo(r, definitions);
    return r;
}

inline QStringList builtInKinds()
{
    HandlerRegistry r;
    HandlerRegistry::addBuiltIns(r);
    return r.kinds();
}

} // namespace jobdeck::test
