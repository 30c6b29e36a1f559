<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CommandLine</name>
    <message>
        <source>Ask a vision-language model about what your camera sees, an image or the screen.</source>
        <translation>Ein Bild-Sprachmodell zu dem befragen, was die Kamera sieht, zu einem Bild oder zum Bildschirm.</translation>
    </message>
    <message>
        <source>Use the user interface language &lt;code&gt; (en, de, zh_CN).</source>
        <translation>Die Oberflächensprache &lt;code&gt; verwenden (en, de, zh_CN).</translation>
    </message>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>Image file to open.</source>
        <translation>Zu öffnende Bilddatei.</translation>
    </message>
    <message>
        <source>[FILE]</source>
        <translation>[DATEI]</translation>
    </message>
    <message>
        <source>camchat: %1
Try &apos;camchat --help&apos; for more information.
</source>
        <translation>camchat: %1
Mehr Informationen mit „camchat --help“.
</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Befehle:</translation>
    </message>
    <message>
        <source>Exit status: 0 success, 1 failure, 2 usage error.</source>
        <translation>Rückgabewert: 0 Erfolg, 1 Fehler, 2 falscher Aufruf.</translation>
    </message>
    <message numerus="yes">
        <source>camchat: expected at most one image file, got %n.
</source>
        <translation>
            <numerusform>camchat: höchstens eine Bilddatei erwartet, %n angegeben.
</numerusform>
            <numerusform>camchat: höchstens eine Bilddatei erwartet, %n angegeben.
</numerusform>
        </translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ChatView</name>
    <message>
        <source>Your conversation appears here. Snap or load an image, then ask a question below.</source>
        <translation>Hier erscheint das Gespräch. Nehmen Sie ein Bild auf oder laden Sie eines, und stellen Sie unten eine Frage.</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>camchat</source>
        <translation>camchat</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Neues Gespräch</translation>
    </message>
    <message>
        <source>(image attached)</source>
        <translation>(Bild angehängt)</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Fehler:</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ErrorText</name>
    <message>
        <source>The file does not exist (any more).</source>
        <translation>Die Datei existiert nicht (mehr).</translation>
    </message>
    <message>
        <source>camchat is not allowed to read this file.</source>
        <translation>camchat darf diese Datei nicht lesen.</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>Die Datei konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <source>The file is too large: camchat opens image files up to 200 MB.</source>
        <translation>Die Datei ist zu groß: camchat öffnet Bilddateien bis 200 MB.</translation>
    </message>
    <message>
        <source>This is not an image camchat recognises.</source>
        <translation>Dies ist kein Bild, das camchat erkennt.</translation>
    </message>
    <message>
        <source>camchat cannot open images in this format.</source>
        <translation>camchat kann Bilder in diesem Format nicht öffnen.</translation>
    </message>
    <message>
        <source>The image is too large: camchat opens images up to 64 megapixels.</source>
        <translation>Das Bild ist zu groß: camchat öffnet Bilder bis 64 Megapixel.</translation>
    </message>
    <message>
        <source>The image is incomplete: the file ends too early.</source>
        <translation>Das Bild ist unvollständig: Die Datei endet zu früh.</translation>
    </message>
    <message>
        <source>The image is damaged and cannot be shown.</source>
        <translation>Das Bild ist beschädigt und kann nicht angezeigt werden.</translation>
    </message>
    <message>
        <source>There is not enough memory to open this image.</source>
        <translation>Der Speicher reicht nicht, um dieses Bild zu öffnen.</translation>
    </message>
    <message>
        <source>The image could not be opened.</source>
        <translation>Das Bild konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>A file with this name already exists.</source>
        <translation>Eine Datei mit diesem Namen existiert bereits.</translation>
    </message>
    <message>
        <source>There is no image to save.</source>
        <translation>Es gibt kein Bild zum Speichern.</translation>
    </message>
    <message>
        <source>The image could not be encoded.</source>
        <translation>Das Bild konnte nicht kodiert werden.</translation>
    </message>
    <message>
        <source>camchat cannot create files in this folder.</source>
        <translation>camchat kann in diesem Ordner keine Dateien anlegen.</translation>
    </message>
    <message>
        <source>Writing the snapshot failed; the disk may be full.</source>
        <translation>Das Schreiben des Schnappschusses ist fehlgeschlagen; vielleicht ist der Datenträger voll.</translation>
    </message>
    <message>
        <source>The snapshot could not be put in place of the old file.</source>
        <translation>Der Schnappschuss konnte die alte Datei nicht ersetzen.</translation>
    </message>
    <message>
        <source>The snapshot could not be saved.</source>
        <translation>Der Schnappschuss konnte nicht gespeichert werden.</translation>
    </message>
</context>
<context>
    <name>camchat::ui::LatencyPanel</name>
    <message>
        <source>Preprocess</source>
        <translation>Vorverarbeitung</translation>
    </message>
    <message>
        <source>Vision encode</source>
        <translation>Bildkodierung</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>Prefill</translation>
    </message>
    <message>
        <source>First token</source>
        <translation>Erstes Token</translation>
    </message>
    <message>
        <source>Decode</source>
        <translation>Dekodierung</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>No request yet</source>
        <translation>Noch keine Anfrage</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 tok</source>
        <translation>%1 Tok.</translation>
    </message>
    <message>
        <source>%1 tok, %2 tok/s</source>
        <translation>%1 Tok., %2 Tok./s</translation>
    </message>
    <message>
        <source>peak memory %1 MiB</source>
        <translation>Spitzenspeicher %1 MiB</translation>
    </message>
</context>
<context>
    <name>camchat::ui::MainWindow</name>
    <message>
        <source>Screen grab</source>
        <translation>Bildschirmfoto</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>Bild ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open an image file</source>
        <translation>Eine Bilddatei öffnen</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>Bild &amp;einfügen</translation>
    </message>
    <message>
        <source>Use the image on the clipboard</source>
        <translation>Das Bild aus der Zwischenablage verwenden</translation>
    </message>
    <message>
        <source>&amp;Grab Screen</source>
        <translation>&amp;Bildschirmfoto</translation>
    </message>
    <message>
        <source>Take a screenshot (camchat hides itself meanwhile)</source>
        <translation>Ein Bildschirmfoto aufnehmen (camchat blendet sich dabei aus)</translation>
    </message>
    <message>
        <source>&amp;Save Snapshot…</source>
        <translation>Schnappschuss &amp;speichern…</translation>
    </message>
    <message>
        <source>Save the current image to a file</source>
        <translation>Das aktuelle Bild in eine Datei speichern</translation>
    </message>
    <message>
        <source>&amp;Copy Answer</source>
        <translation>Antwort &amp;kopieren</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>Ein&amp;stellungen…</translation>
    </message>
    <message>
        <source>&amp;About camchat</source>
        <translation>Ü&amp;ber camchat</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Show &amp;Toolbar</source>
        <translation>&amp;Werkzeugleiste anzeigen</translation>
    </message>
    <message>
        <source>Describe this image</source>
        <translation>Bild beschreiben</translation>
    </message>
    <message>
        <source>Describe this image in detail.</source>
        <translation>Beschreibe dieses Bild ausführlich.</translation>
    </message>
    <message>
        <source>Read all the text</source>
        <translation>Den ganzen Text lesen</translation>
    </message>
    <message>
        <source>Read all the text in this image, exactly as written.</source>
        <translation>Lies den gesamten Text in diesem Bild genau so, wie er dasteht.</translation>
    </message>
    <message>
        <source>What is unusual here?</source>
        <translation>Was ist hier ungewöhnlich?</translation>
    </message>
    <message>
        <source>What is unusual or unexpected in this image?</source>
        <translation>Was ist an diesem Bild ungewöhnlich oder unerwartet?</translation>
    </message>
    <message>
        <source>Puts “%1” into the prompt box</source>
        <translation>Setzt „%1“ in das Eingabefeld</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop the answer that is being written</source>
        <translation>Die Antwort anhalten, die gerade geschrieben wird</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <source>No model is configured, so there is nothing to ask yet.</source>
        <translation>Es ist kein Modell eingerichtet, daher kann noch nichts gefragt werden.</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>Einzelheiten zeigen</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>Einzelheiten ausblenden</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>No model configured</source>
        <translation>Kein Modell eingerichtet</translation>
    </message>
    <message>
        <source>camchat answers questions once a vision-language model is set up.</source>
        <translation>camchat beantwortet Fragen, sobald ein Bild-Sprachmodell eingerichtet ist.</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>Bilder (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Clipboard</source>
        <translation>Zwischenablage</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>Die Zwischenablage enthält kein Bild.</translation>
    </message>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG-Bild (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Save Snapshot</source>
        <translation>Schnappschuss speichern</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>%1 wird gespeichert…</translation>
    </message>
    <message>
        <source>The snapshot was not saved. %1</source>
        <translation>Der Schnappschuss wurde nicht gespeichert. %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Answer copied to the clipboard.</source>
        <translation>Antwort in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>camchat %1</source>
        <translation>camchat %1</translation>
    </message>
    <message>
        <source>Ask a vision-language model about what your camera sees.</source>
        <translation>Ein Bild-Sprachmodell zu dem befragen, was die Kamera sieht.</translation>
    </message>
    <message>
        <source>Free software under the MIT licence.</source>
        <translation>Freie Software unter der MIT-Lizenz.</translation>
    </message>
    <message>
        <source>About camchat</source>
        <translation>Über camchat</translation>
    </message>
    <message>
        <source>Your draft was replaced; press Ctrl+Z to get it back.</source>
        <translation>Ihr Entwurf wurde ersetzt; mit Strg+Z holen Sie ihn zurück.</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Could not open %1. %2</source>
        <translation>%1 konnte nicht geöffnet werden. %2</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <source>%1 × %2 px · %3</source>
        <translation>%1 × %2 px · %3</translation>
    </message>
    <message>
        <source>%1 – camchat</source>
        <translation>%1 – camchat</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>Abgelegtes Bild</translation>
    </message>
</context>
<context>
    <name>camchat::ui::PreviewView</name>
    <message>
        <source>Image preview</source>
        <translation>Bildvorschau</translation>
    </message>
    <message>
        <source>Open an image (Ctrl+O), paste one (Ctrl+V) or drop it here</source>
        <translation>Ein Bild öffnen (Strg+O), einfügen (Strg+V) oder hier ablegen</translation>
    </message>
</context>
<context>
    <name>camchat::ui::PromptEdit</name>
    <message>
        <source>Ask about the image… (Enter to send, Shift+Enter for a new line)</source>
        <translation>Fragen Sie etwas zum Bild… (Eingabe zum Senden, Umschalt+Eingabe für eine neue Zeile)</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ScreenGrabber</name>
    <message>
        <source>There is no screen to take a picture of.</source>
        <translation>Es gibt keinen Bildschirm, der aufgenommen werden könnte.</translation>
    </message>
    <message>
        <source>The screen could not be captured.</source>
        <translation>Der Bildschirm konnte nicht aufgenommen werden.</translation>
    </message>
    <message>
        <source>The desktop&apos;s screenshot service is not available.</source>
        <translation>Der Bildschirmfoto-Dienst der Arbeitsumgebung ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>The desktop did not answer the screenshot request.</source>
        <translation>Die Arbeitsumgebung hat auf die Bildschirmfoto-Anfrage nicht geantwortet.</translation>
    </message>
    <message>
        <source>The screenshot was cancelled or not allowed.</source>
        <translation>Das Bildschirmfoto wurde abgebrochen oder nicht erlaubt.</translation>
    </message>
    <message>
        <source>The desktop refused to take a screenshot.</source>
        <translation>Die Arbeitsumgebung hat das Bildschirmfoto verweigert.</translation>
    </message>
    <message>
        <source>The screenshot could not be read.</source>
        <translation>Das Bildschirmfoto konnte nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>camchat::ui::SettingsDialog</name>
    <message>
        <source>camchat Settings</source>
        <translation>camchat-Einstellungen</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>Schnappschüsse</translation>
    </message>
    <message>
        <source>JPEG</source>
        <translation>JPEG</translation>
    </message>
    <message>
        <source>PNG (lossless)</source>
        <translation>PNG (verlustfrei)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>Higher means better pictures and larger files.</source>
        <translation>Höher bedeutet bessere Bilder und größere Dateien.</translation>
    </message>
    <message>
        <source>JPEG &amp;quality:</source>
        <translation>JPEG-&amp;Qualität:</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>A new language applies the next time camchat starts.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von camchat.</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>How long camchat waits after hiding its window before it grabs the screen.</source>
        <translation>Wie lange camchat nach dem Ausblenden seines Fensters wartet, bevor es den Bildschirm aufnimmt.</translation>
    </message>
    <message>
        <source>Screen grab &amp;delay:</source>
        <translation>&amp;Verzögerung beim Bildschirmfoto:</translation>
    </message>
</context>
</TS>
