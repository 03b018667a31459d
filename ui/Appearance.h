#pragma once

#include "AppSettings.h"

#include <QObject>
#include <QPalette>

namespace jobdeck {

// The window's look: the system's palette (light or dark, followed when it changes) or a light or dark one chosen
// in Settings, and the style sheet for the parts the style does not draw (sidebar, cards), made from the palette
// in use. Main thread only.
class Appearance final : public QObject {
    Q_OBJECT
public:
    explicit Appearance(QObject *parent = nullptr);

    void apply(AppSettings::Appearance choice);
    static bool isDark();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyStyleSheet();

    AppSettings::Appearance m_choice = AppSettings::Appearance::System;
    QPalette m_systemPalette;
    QString m_systemStyle;
    bool m_applying = false;
};

} // namespace jobdeck
