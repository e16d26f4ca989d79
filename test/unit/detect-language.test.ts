import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/text/detect-language.js';

/** A few sentences in each language, as a page's running text would have them. */
const SAMPLES: Record<string, string> = {
  de: 'Die Paketverwaltung ist eines der wichtigsten Werkzeuge des Systems. Mit ihr werden Programme installiert, aktualisiert und wieder entfernt, ohne dass der Benutzer sich um die Abhängigkeiten kümmern muss.',
  fr: 'La gestion des paquets est l’un des outils les plus importants du système. Elle permet d’installer, de mettre à jour et de supprimer des programmes sans que l’utilisateur ait à se soucier des dépendances.',
  es: 'La gestión de paquetes es una de las herramientas más importantes del sistema. Permite instalar, actualizar y eliminar programas sin que el usuario tenga que preocuparse por las dependencias.',
  it: 'La gestione dei pacchetti è uno degli strumenti più importanti del sistema. Permette di installare, aggiornare e rimuovere i programmi senza che l’utente debba preoccuparsi delle dipendenze.',
  pt: 'A gestão de pacotes é uma das ferramentas mais importantes do sistema. Ela permite instalar, atualizar e remover programas sem que o usuário precise se preocupar com as dependências.',
  ca: 'La gestió de paquets és una de les eines més importants del sistema. Permet instal·lar, actualitzar i eliminar programes sense que l’usuari s’hagi de preocupar de les dependències.',
  nl: 'Pakketbeheer is een van de belangrijkste hulpmiddelen van het systeem. Het maakt het mogelijk om programma’s te installeren, bij te werken en te verwijderen zonder dat de gebruiker zich zorgen hoeft te maken over afhankelijkheden.',
  sv: 'Pakethanteringen är ett av systemets viktigaste verktyg. Med den installeras, uppdateras och tas program bort utan att användaren behöver bry sig om beroenden mellan dem.',
  no: 'Pakkehåndteringen er et av de viktigste verktøyene i systemet. Med den kan man installere, oppdatere og fjerne programmer uten at brukeren trenger å tenke på avhengighetene mellom dem.',
  ru: 'Управление пакетами является одним из важнейших инструментов системы. С его помощью программы устанавливаются, обновляются и удаляются, и пользователю не нужно заботиться о зависимостях.',
  ar: 'تعد إدارة الحزم من أهم أدوات النظام. فهي تسمح بتثبيت البرامج وتحديثها وإزالتها دون أن يضطر المستخدم إلى القلق بشأن الاعتماديات بين هذه البرامج.',
  fa: 'مدیریت بسته‌ها یکی از مهم‌ترین ابزارهای سیستم است. با استفاده از آن می‌توان برنامه‌ها را نصب، به‌روزرسانی و حذف کرد، بدون اینکه کاربر نگران وابستگی‌های آن‌ها باشد.',
  'zh-Hans': '软件包管理是这个系统中最重要的工具之一。它可以安装、更新和删除程序，用户不必担心程序之间的依赖关系。我们在下面的章节里会详细说明这些命令的用法。',
  'zh-Hant': '軟體套件管理是這個系統中最重要的工具之一。它可以安裝、更新和刪除程式，使用者不必擔心程式之間的相依關係。我們在下面的章節裡會詳細說明這些指令的用法。',
  ja: 'パッケージ管理はシステムの最も重要なツールの一つです。これを使うと、利用者が依存関係を気にすることなく、プログラムをインストール、更新、削除することができます。',
  ko: '패키지 관리는 시스템에서 가장 중요한 도구 중 하나입니다. 이것을 사용하면 사용자가 의존성을 걱정하지 않고 프로그램을 설치하고 업데이트하고 제거할 수 있습니다.',
  th: 'การจัดการแพ็กเกจเป็นหนึ่งในเครื่องมือที่สำคัญที่สุดของระบบ ช่วยให้ติดตั้ง ปรับปรุง และลบโปรแกรมได้โดยที่ผู้ใช้ไม่ต้องกังวลเรื่องการพึ่งพากันของโปรแกรม',
  en: 'Package management is one of the most important tools of the system. It lets you install, upgrade and remove programs without having to worry about the dependencies between them.',
};

describe('detectLanguage', () => {
  for (const [language, text] of Object.entries(SAMPLES)) {
    it(`tells ${language} from its text`, () => {
      expect(detectLanguage(text)).toBe(language);
    });
  }

  it('tells a short sample (a sentence of under 100 characters)', () => {
    expect(detectLanguage('Das ist nicht der Weg, den wir gehen wollten.')).toBe('de');
    expect(detectLanguage('Ce n’est pas le chemin que nous voulions prendre.')).toBe('fr');
    expect(detectLanguage('这不是我们想走的路。')).toBe('zh-Hans');
    expect(detectLanguage('這不是我們想走的路。')).toBe('zh-Hant');
  });

  it('believes the text over a wrong declared language', () => {
    expect(detectLanguage(SAMPLES.de!, 'en')).toBe('de');
    expect(detectLanguage(SAMPLES.en!, 'de-DE')).toBe('en');
    expect(detectLanguage(SAMPLES['zh-Hans']!, 'zh-TW')).toBe('zh-Hans');
  });

  it('decides a short text among near ties by the stop words it uses', () => {
    // franc alone scores these Turkish 1.00 and English 0.99; Tagalog 1.00, Dutch 1.00 and English 0.96.
    expect(detectLanguage('plain script needed here here')).toBe('en');
    expect(detectLanguage('First run nothing but node, nothing but node')).toBe('en');
    expect(detectLanguage('Die Eisenbahn veränderte das Leben der Menschen')).toBe('de');
    expect(detectLanguage('Il treno parte dalla stazione e arriva nella città')).toBe('it');
  });

  it('lets the declared language break a near tie', () => {
    // Sentences from the Debian Administrator's Handbook that franc, alone, takes for a close neighbour.
    const catalan = 'Postfix diferencia les comprovacions que s\'apliquen a les capçaleres del correu electrònic de les que s\'apliquen al cos del correu electrònic.';
    const norwegian = 'En liten bedrift, med begrensede midler, kan ikke med rimelighet forandre alt over natten.';
    const spanish = 'Plasma ha tenido una evolución rápida basándose en un enfoque muy práctico.';
    expect([detectLanguage(catalan), detectLanguage(catalan, 'ca-ES')]).toEqual(['es', 'ca']);
    expect([detectLanguage(norwegian), detectLanguage(norwegian, 'nb-NO')]).toEqual(['da', 'no']);
    // The trigrams call this Galician; its stop words settle it as Spanish, label or none.
    expect([detectLanguage(spanish), detectLanguage(spanish, 'es')]).toEqual(['es', 'es']);
  });

  it('judges a long page by the majority of its pieces, not by its commands', () => {
    const commands = '# apt-get install --no-install-recommends openssh-server postfix && systemctl enable --now ssh.service ';
    const page = [SAMPLES.de, commands, commands, SAMPLES.de, commands, SAMPLES.de].join(' ').repeat(30);
    expect(detectLanguage(page)).toBe('de');
    expect(detectLanguage(page, 'en')).toBe('de');
  });

  it('lets the declared language settle a text too short to judge', () => {
    expect(detectLanguage('Startseite Hilfe', 'de-AT')).toBe('de');
    expect(detectLanguage('Startseite Hilfe')).toBe('und');
  });

  it('ignores a declared language of another script', () => {
    expect(detectLanguage('Start Help', 'ru')).toBe('und');
  });

  it('reads kanji-only text as Japanese only when the page says so', () => {
    expect(detectLanguage('東京都渋谷区', 'ja')).toBe('ja');
    expect(detectLanguage('東京都渋谷区')).toMatch(/^zh-/);
  });

  it('answers und for text with no letters', () => {
    expect(detectLanguage('')).toBe('und');
    expect(detectLanguage('  2024 — 3.14 / 42 % ')).toBe('und');
    expect(detectLanguage('12345', 'en')).toBe('und');
  });

  it('samples across a long page, so navigation at its start does not decide', () => {
    const navigation = 'Home About Contact Login Search Help News Products '.repeat(20);
    const article = `${SAMPLES.de!} `.repeat(200);
    expect(detectLanguage(navigation + article)).toBe('de');
  });

  it('stays bounded on a very long text', () => {
    const text = `${SAMPLES.fr!} `.repeat(20_000);
    const started = performance.now();
    expect(detectLanguage(text)).toBe('fr');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('leaves out a Russian page’s Latin commands', () => {
    const commands = ' apt-get install openssh-server && systemctl restart ssh '.repeat(3);
    expect(detectLanguage(SAMPLES.ru! + commands)).toBe('ru');
  });

  it('names Greek, Hebrew and Georgian by their script', () => {
    expect(detectLanguage('Η διαχείριση πακέτων είναι ένα από τα σημαντικότερα εργαλεία του συστήματος.')).toBe('el');
    expect(detectLanguage('ניהול חבילות הוא אחד הכלים החשובים ביותר במערכת ההפעלה.')).toBe('he');
    expect(detectLanguage('პაკეტების მართვა სისტემის ერთ-ერთი ყველაზე მნიშვნელოვანი ინსტრუმენტია.')).toBe('ka');
  });
});
