<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AskCommand</name>
    <message>
        <source>Asks a vision-language model about an image and prints the answer.</source>
        <translation>Befragt ein Bild-Sprachmodell zu einem Bild und gibt die Antwort aus.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>The question (default: &quot;%1&quot;).</source>
        <translation>Die Frage (Vorgabe: „%1“).</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <source>A profile id from &apos;camchat models&apos;, or the path of a profile JSON file.</source>
        <translation>Eine Profil-ID aus „camchat models“ oder der Pfad einer Profil-JSON-Datei.</translation>
    </message>
    <message>
        <source>PROFILE</source>
        <translation>PROFIL</translation>
    </message>
    <message>
        <source>A llama.cpp language model (use with --mmproj).</source>
        <translation>Ein llama.cpp-Sprachmodell (zusammen mit --mmproj).</translation>
    </message>
    <message>
        <source>GGUF</source>
        <translation>GGUF</translation>
    </message>
    <message>
        <source>The llama.cpp vision projector that goes with --model-file.</source>
        <translation>Der llama.cpp-Bildprojektor, der zu --model-file gehört.</translation>
    </message>
    <message>
        <source>Stop after N answer tokens (default: the profile&apos;s).</source>
        <translation>Nach N Antwort-Tokens aufhören (Vorgabe: die des Profils).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>CPU threads for the model (default: chosen for this machine).</source>
        <translation>CPU-Threads für das Modell (Vorgabe: passend für diesen Rechner).</translation>
    </message>
    <message>
        <source>Sampling temperature 0..2; 0 always picks the likeliest token (default: the profile&apos;s).</source>
        <translation>Sampling-Temperatur 0..2; 0 wählt immer das wahrscheinlichste Token (Vorgabe: die des Profils).</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Sampling seed, for repeatable answers (default: the profile&apos;s; 0 = random).</source>
        <translation>Sampling-Startwert für wiederholbare Antworten (Vorgabe: der des Profils; 0 = zufällig).</translation>
    </message>
    <message>
        <source>Cap the image tokens of models that tile images (default: the profile&apos;s).</source>
        <translation>Bild-Tokens von Modellen begrenzen, die Bilder kacheln (Vorgabe: die des Profils).</translation>
    </message>
    <message>
        <source>Print nothing while answering, then one JSON object with the answer and all timings.</source>
        <translation>Während der Antwort nichts ausgeben, danach ein JSON-Objekt mit der Antwort und allen Zeiten.</translation>
    </message>
    <message>
        <source>the prompt is empty.</source>
        <translation>die Frage ist leer.</translation>
    </message>
    <message>
        <source>use either --model or --model-file with --mmproj, not both.</source>
        <translation>entweder --model oder --model-file mit --mmproj verwenden, nicht beides.</translation>
    </message>
    <message>
        <source>--model needs a profile id or a profile file.</source>
        <translation>--model braucht eine Profil-ID oder eine Profildatei.</translation>
    </message>
    <message>
        <source>--model-file and --mmproj go together: a llama.cpp model needs both files.</source>
        <translation>--model-file und --mmproj gehören zusammen: ein llama.cpp-Modell braucht beide Dateien.</translation>
    </message>
    <message>
        <source>No model is installed. Put a profile&apos;s model files where &apos;camchat models&apos; expects them, or name the files with --model-file and --mmproj.</source>
        <translation>Es ist kein Modell installiert. Legen Sie die Modelldateien eines Profils dort ab, wo „camchat models“ sie erwartet, oder geben Sie die Dateien mit --model-file und --mmproj an.</translation>
    </message>
    <message>
        <source>There is no model profile &apos;%1&apos;; &apos;camchat models&apos; lists them.</source>
        <translation>Es gibt kein Modellprofil „%1“; „camchat models“ listet sie auf.</translation>
    </message>
    <message>
        <source>Loading %1… %2%</source>
        <translation>%1 wird geladen… %2 %</translation>
    </message>
    <message>
        <source>The image to ask about.</source>
        <translation>Das Bild, zu dem gefragt wird.</translation>
    </message>
    <message>
        <source>Ask about a fresh picture from this camera or HDMI input instead of --image, e.g. /dev/video0.</source>
        <translation>Statt zu --image zu einem neuen Bild dieser Kamera oder dieses HDMI-Eingangs fragen, z. B. /dev/video0.</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <source>With --device: give up when no picture arrived after this long (default: %1).</source>
        <translation>Mit --device: aufgeben, wenn nach dieser Zeit kein Bild angekommen ist (Vorgabe: %1).</translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation>SEKUNDEN</translation>
    </message>
    <message>
        <source>--timeout only applies to --device.</source>
        <translation>--timeout gilt nur für --device.</translation>
    </message>
    <message>
        <source>--timeout expects seconds greater than 0, got &apos;%1&apos;.</source>
        <translation>--timeout erwartet Sekunden größer als 0, nicht „%1“.</translation>
    </message>
    <message>
        <source>the image goes after --image</source>
        <translation>das Bild gehört hinter --image</translation>
    </message>
    <message>
        <source>Ask an OpenAI-compatible model server at this API base URL instead of a local model.</source>
        <translation>Einen OpenAI-kompatiblen Modellserver unter dieser API-Basis-URL fragen statt eines lokalen Modells.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>With --endpoint: the server&apos;s model (default: the first it lists).</source>
        <translation>Mit --endpoint: das Modell des Servers (Standard: das erste, das er auflistet).</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>With --endpoint: the environment variable holding the API key (default: %1).</source>
        <translation>Mit --endpoint: die Umgebungsvariable mit dem API-Schlüssel (Standard: %1).</translation>
    </message>
    <message>
        <source>use either --endpoint or a local model, not both.</source>
        <translation>entweder --endpoint oder ein lokales Modell, nicht beides.</translation>
    </message>
    <message>
        <source>--endpoint expects an http:// or https:// URL, got &apos;%1&apos;.</source>
        <translation>--endpoint erwartet eine http://- oder https://-URL, erhalten: &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>--image-max-tokens and --threads are for local models; the server decides those.</source>
        <translation>--image-max-tokens und --threads gelten für lokale Modelle; darüber entscheidet der Server.</translation>
    </message>
    <message>
        <source>--remote-model and --api-key-env go with --endpoint.</source>
        <translation>--remote-model und --api-key-env gehören zu --endpoint.</translation>
    </message>
    <message>
        <source>--api-key-env needs the name of an environment variable.</source>
        <translation>--api-key-env braucht den Namen einer Umgebungsvariable.</translation>
    </message>
    <message>
        <source>Usage: camchat ask (--image FILE | --device /dev/videoN |
        --screen [--region X,Y,W,H]) [--prompt TEXT]
       [--model PROFILE | --model-file GGUF --mmproj GGUF |
        --endpoint URL [--remote-model NAME] [--api-key-env NAME]] [options]</source>
        <translation>Aufruf: camchat ask (--image DATEI | --device /dev/videoN |
        --screen [--region X,Y,B,H]) [--prompt TEXT]
       [--model PROFIL | --model-file GGUF --mmproj GGUF |
        --endpoint URL [--remote-model NAME] [--api-key-env NAME]] [Optionen]</translation>
    </message>
    <message>
        <source>Without --model or --model-file, the first profile whose files are present
is used (&apos;camchat models&apos; lists them).

--endpoint asks an OpenAI-compatible model server (llama-server, vLLM, Ollama,
LM Studio), e.g. http://127.0.0.1:8080/v1. Its API key, if it wants one, is read
from $CAMCHAT_API_KEY or the variable --api-key-env names; never give the key
itself on the command line.

The answer is printed to stdout as it is generated; the time each stage took
goes to stderr. Ctrl+C stops the answer; what was printed so far stays.

Exit status:
  0  the model answered
  2  usage error (unknown option, missing or bad value)
  3  model error: unknown or invalid profile, model files missing or unloadable;
     a model server unreachable, refusing the key, without that model or without
     vision, or not answering in time
  4  input error: the image is missing, unreadable or corrupt, or the device
     is missing, busy, not allowed, or sent no picture before the timeout;
     the screen could not be grabbed, or the region is not on it
  5  inference error: the model failed while answering (or the server&apos;s answer
     broke off), or Ctrl+C stopped it
</source>
        <translation>Ohne --model oder --model-file wird das erste Profil verwendet, dessen Dateien
vorhanden sind (&apos;camchat models&apos; listet sie auf).

--endpoint fragt einen OpenAI-kompatiblen Modellserver (llama-server, vLLM, Ollama,
LM Studio), z. B. http://127.0.0.1:8080/v1. Sein API-Schlüssel, falls nötig, wird
aus $CAMCHAT_API_KEY oder der mit --api-key-env genannten Variable gelesen; den
Schlüssel selbst nie auf der Befehlszeile angeben.

Die Antwort erscheint auf stdout, während sie entsteht; die Dauer jeder Stufe
geht nach stderr. Strg+C bricht die Antwort ab; was schon ausgegeben ist, bleibt.

Exit-Status:
  0  das Modell hat geantwortet
  2  Aufruffehler (unbekannte Option, fehlender oder ungültiger Wert)
  3  Modellfehler: unbekanntes oder ungültiges Profil, Modelldateien fehlen oder
     sind nicht ladbar; ein Modellserver nicht erreichbar, lehnt den Schlüssel ab,
     kennt das Modell nicht, kann keine Bilder oder antwortet nicht rechtzeitig
  4  Eingabefehler: das Bild fehlt, ist unlesbar oder beschädigt, oder das Gerät
     fehlt, ist belegt, nicht erlaubt oder lieferte vor Ablauf kein Bild;
     der Bildschirm ließ sich nicht aufnehmen, oder der Bereich liegt nicht darauf
  5  Inferenzfehler: das Modell scheiterte beim Antworten (oder die Antwort des
     Servers brach ab), oder Strg+C hat sie abgebrochen
</translation>
    </message>
    <message>
        <source>Ask about a grab of the screen instead of --image (needs a desktop session).</source>
        <translation>Statt --image nach einer Aufnahme des Bildschirms fragen (braucht eine Desktop-Sitzung).</translation>
    </message>
    <message>
        <source>With --screen: only this part of the screen, in screen pixels from the top left, e.g. 0,0,800,600.</source>
        <translation>Mit --screen: nur dieser Teil des Bildschirms, in Bildschirmpixeln von links oben, z. B. 0,0,800,600.</translation>
    </message>
    <message>
        <source>X,Y,W,H</source>
        <translation>X,Y,B,H</translation>
    </message>
    <message>
        <source>use one of --image, --device and --screen.</source>
        <translation>nur eines von --image, --device und --screen verwenden.</translation>
    </message>
    <message>
        <source>--image FILE, --device PATH or --screen is required.</source>
        <translation>--image DATEI, --device PFAD oder --screen ist erforderlich.</translation>
    </message>
    <message>
        <source>--region only applies to --screen.</source>
        <translation>--region gilt nur für --screen.</translation>
    </message>
    <message>
        <source>--region expects X,Y,WIDTH,HEIGHT in pixels with a width and height above 0, got &apos;%1&apos;.</source>
        <translation>--region erwartet X,Y,BREITE,HÖHE in Pixeln mit Breite und Höhe über 0, erhalten: „%1“.</translation>
    </message>
    <message>
        <source>There is no screen to grab: --screen needs a desktop session.</source>
        <translation>Es gibt keinen Bildschirm zum Aufnehmen: --screen braucht eine Desktop-Sitzung.</translation>
    </message>
    <message>
        <source>The screen could not be grabbed.</source>
        <translation>Der Bildschirm konnte nicht aufgenommen werden.</translation>
    </message>
    <message>
        <source>The region %1,%2 %3×%4 is not on the screen, which is %5×%6 pixels.</source>
        <translation>Der Bereich %1,%2 %3×%4 liegt nicht auf dem Bildschirm, der %5×%6 Pixel groß ist.</translation>
    </message>
</context>
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
        <source>Commands:</source>
        <translation>Befehle:</translation>
    </message>
    <message>
        <source>Exit status: 0 success, 1 failure, 2 usage error.</source>
        <translation>Rückgabewert: 0 Erfolg, 1 Fehler, 2 falscher Aufruf.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>Ask a model about an image and print the answer.</source>
        <translation>Ein Modell zu einem Bild befragen und die Antwort ausgeben.</translation>
    </message>
    <message>
        <source>Run &apos;camchat COMMAND --help&apos; for the options and exit codes of a command.</source>
        <translation>„camchat BEFEHL --help“ zeigt die Optionen und Rückgabewerte eines Befehls.</translation>
    </message>
    <message>
        <source>Check whether this machine can run the NPU backend, and what to fix.</source>
        <translation>Prüfen, ob dieser Rechner das NPU-Backend ausführen kann, und was zu beheben ist.</translation>
    </message>
    <message>
        <source>List the cameras and HDMI inputs with their formats.</source>
        <translation>Die Kameras und HDMI-Eingänge mit ihren Formaten auflisten.</translation>
    </message>
    <message>
        <source>Save one picture from a camera or HDMI input.</source>
        <translation>Ein Bild von einer Kamera oder einem HDMI-Eingang speichern.</translation>
    </message>
    <message>
        <source>Start as an unattended full-screen kiosk that captions the live picture.</source>
        <translation>Als unbeaufsichtigter Vollbild-Kiosk starten, der das Livebild fortlaufend beschriftet.</translation>
    </message>
    <message>
        <source>Open this capture device at start, e.g. /dev/video0 (&apos;camchat devices&apos; lists them).</source>
        <translation>Dieses Aufnahmegerät beim Start öffnen, z. B. /dev/video0 („camchat devices“ listet sie auf).</translation>
    </message>
    <message>
        <source>path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>camchat: %1 is not a capture device that can be opened; run &apos;camchat devices&apos; to list them.
</source>
        <translation>camchat: %1 ist kein Aufnahmegerät, das sich öffnen lässt; „camchat devices“ listet die Geräte auf.
</translation>
    </message>
    <message>
        <source>camchat opens one image file at a time</source>
        <translation>camchat öffnet immer nur eine Bilddatei</translation>
    </message>
    <message>
        <source>--device needs a device path such as /dev/video0.</source>
        <translation>--device braucht einen Gerätepfad wie /dev/video0.</translation>
    </message>
    <message>
        <source>%1: %2
Try &apos;%1 --help&apos; for more information.
</source>
        <translation>%1: %2
Mehr Informationen mit „%1 --help“.
</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;.</source>
        <translation>unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos; (%2).</source>
        <translation>unerwartetes Argument „%1“ (%2).</translation>
    </message>
    <message>
        <source>--%1 expects a number from %2 to %3, got &apos;%4&apos;.</source>
        <translation>--%1 erwartet eine Zahl von %2 bis %3, nicht „%4“.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Einzelheiten: %1</translation>
    </message>
    <message>
        <source>List the model profiles and whether their files are present; download or remove them.</source>
        <translation>Die Modellprofile auflisten und ob ihre Dateien vorhanden sind; sie herunterladen oder entfernen.</translation>
    </message>
    <message>
        <source>Grab the screen and get ready for a question about it, in the camchat window that is open (or a new one). For a desktop shortcut.</source>
        <translation>Den Bildschirm aufnehmen und eine Frage dazu vorbereiten, im geöffneten camchat-Fenster (oder einem neuen). Für ein Tastenkürzel der Arbeitsumgebung.</translation>
    </message>
    <message>
        <source>With --grab: drag out the part of the screen to ask about.</source>
        <translation>Mit --grab: den Teil des Bildschirms aufziehen, nach dem gefragt wird.</translation>
    </message>
    <message>
        <source>--region only applies to --grab.</source>
        <translation>--region gilt nur zusammen mit --grab.</translation>
    </message>
    <message>
        <source>--grab asks about the screen: it cannot be combined with --kiosk, --device or an image file.</source>
        <translation>--grab fragt nach dem Bildschirm: nicht kombinierbar mit --kiosk, --device oder einer Bilddatei.</translation>
    </message>
</context>
<context>
    <name>DevicesCommand</name>
    <message>
        <source>%1 fps</source>
        <translation>%1 fps</translation>
    </message>
    <message>
        <source>%1 to %2 fps</source>
        <translation>%1 bis %2 fps</translation>
    </message>
    <message>
        <source>any size from %1 to %2</source>
        <translation>jede Größe von %1 bis %2</translation>
    </message>
    <message>
        <source>size follows the signal</source>
        <translation>Größe folgt dem Signal</translation>
    </message>
    <message>
        <source>(not supported by camchat)</source>
        <translation>(von camchat nicht unterstützt)</translation>
    </message>
    <message>
        <source>signal: %1x%2 at %3 fps</source>
        <translation>Signal: %1x%2 mit %3 fps</translation>
    </message>
    <message>
        <source>signal: %1x%2</source>
        <translation>Signal: %1x%2</translation>
    </message>
    <message>
        <source>(interlaced)</source>
        <translation>(Zeilensprung)</translation>
    </message>
    <message>
        <source>no signal on the HDMI input — check the cable and the source</source>
        <translation>kein Signal am HDMI-Eingang – prüfen Sie Kabel und Quelle</translation>
    </message>
    <message>
        <source>a source is connected, but the receiver cannot lock onto its signal</source>
        <translation>eine Quelle ist angeschlossen, aber der Empfänger kann sich nicht auf ihr Signal einstellen</translation>
    </message>
    <message>
        <source>the source sends a mode this receiver does not support</source>
        <translation>die Quelle sendet einen Modus, den dieser Empfänger nicht unterstützt</translation>
    </message>
    <message>
        <source>signal state unknown</source>
        <translation>Signalzustand unbekannt</translation>
    </message>
    <message>
        <source>No cameras or HDMI inputs found (no video capture devices in %1).</source>
        <translation>Keine Kameras oder HDMI-Eingänge gefunden (keine Videoaufnahmegeräte in %1).</translation>
    </message>
    <message>
        <source>Connect a USB camera or HDMI grabber; on boards with an HDMI receiver, check that its driver (rk_hdmirx or snps_hdmirx) is loaded.</source>
        <translation>Schließen Sie eine USB-Kamera oder einen HDMI-Grabber an; auf Boards mit HDMI-Empfänger prüfen Sie, ob dessen Treiber (rk_hdmirx oder snps_hdmirx) geladen ist.</translation>
    </message>
    <message>
        <source>[HDMI input]</source>
        <translation>[HDMI-Eingang]</translation>
    </message>
    <message>
        <source>driver %1, bus %2</source>
        <translation>Treiber %1, Bus %2</translation>
    </message>
    <message>
        <source>multi-planar</source>
        <translation>mehrere Ebenen (multi-planar)</translation>
    </message>
    <message>
        <source>The format follows the source; camchat takes what the receiver detects.</source>
        <translation>Das Format folgt der Quelle; camchat übernimmt, was der Empfänger erkennt.</translation>
    </message>
    <message>
        <source>no formats listed</source>
        <translation>keine Formate angegeben</translation>
    </message>
    <message>
        <source>Lists the cameras, USB HDMI grabbers and HDMI inputs (V4L2 video capture devices) with their formats, sizes and frame rates, and the signal on HDMI inputs.</source>
        <translation>Listet die Kameras, USB-HDMI-Grabber und HDMI-Eingänge (V4L2-Videoaufnahmegeräte) mit ihren Formaten, Größen und Bildraten auf, dazu das Signal an HDMI-Eingängen.</translation>
    </message>
    <message>
        <source>Exit status: 0 success (also when no device is found), 2 usage error.</source>
        <translation>Rückgabewert: 0 Erfolg (auch wenn kein Gerät gefunden wird), 2 falscher Aufruf.</translation>
    </message>
    <message>
        <source>not supported by camchat: %1</source>
        <translation>von camchat nicht unterstützt: %1</translation>
    </message>
    <message>
        <source>`camchat devices --all` lists every size and frame rate.</source>
        <translation>„camchat devices --all“ listet jede Größe und Bildrate auf.</translation>
    </message>
    <message>
        <source>Usage: camchat devices [--all] [--json]</source>
        <translation>Aufruf: camchat devices [--all] [--json]</translation>
    </message>
    <message>
        <source>List every size and frame rate of every format, not only the largest size of each format camchat can capture.</source>
        <translation>Jede Größe und Bildrate jedes Formats auflisten, nicht nur die größte Größe jedes Formats, das camchat aufnehmen kann.</translation>
    </message>
    <message>
        <source>Print one JSON object instead of text (always with every size).</source>
        <translation>Ein JSON-Objekt statt Text ausgeben (immer mit jeder Größe).</translation>
    </message>
</context>
<context>
    <name>DoctorCommand</name>
    <message>
        <source>Checks whether this machine can run the Rockchip NPU backend: board and SoC, kernel, NPU driver version, runtime libraries, access to GPU/NPU and camera devices, and the NPU models&apos; files. Every problem comes with its fix.</source>
        <translation>Prüft, ob dieser Rechner das Rockchip-NPU-Backend ausführen kann: Board und SoC, Kernel, NPU-Treiberversion, Laufzeitbibliotheken, Zugriff auf GPU/NPU- und Kamerageräte sowie die Dateien der NPU-Modelle. Zu jedem Problem wird die Behebung genannt.</translation>
    </message>
    <message>
        <source>Read the system files under &lt;dir&gt; instead of / (for testing).</source>
        <translation>Die Systemdateien unter &lt;dir&gt; statt unter / lesen (zum Testen).</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>dir</translation>
    </message>
    <message>
        <source>Print one JSON object instead of text.</source>
        <translation>Ein JSON-Objekt statt Text ausgeben.</translation>
    </message>
    <message>
        <source>Usage: camchat doctor [--root DIR] [--json]</source>
        <translation>Aufruf: camchat doctor [--root DIR] [--json]</translation>
    </message>
    <message>
        <source>Exit status: 0 report printed (even when it lists problems), 2 usage error.</source>
        <translation>Rückgabewert: 0 Bericht ausgegeben (auch wenn er Probleme nennt), 2 falscher Aufruf.</translation>
    </message>
    <message>
        <source>--root: &apos;%1&apos; is not a directory.</source>
        <translation>--root: „%1“ ist kein Verzeichnis.</translation>
    </message>
</context>
<context>
    <name>DownloadText</name>
    <message numerus="yes">
        <source>about %n s left</source>
        <translation>
            <numerusform>noch etwa %n s</numerusform>
            <numerusform>noch etwa %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n min left</source>
        <translation>
            <numerusform>noch etwa %n min</numerusform>
            <numerusform>noch etwa %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n h left</source>
        <translation>
            <numerusform>noch etwa %n h</numerusform>
            <numerusform>noch etwa %n h</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
<context>
    <name>ModelPullCommand</name>
    <message>
        <source>There is no model profile with the id &apos;%1&apos;. Run `camchat models` to list them.</source>
        <translation>Es gibt kein Modellprofil mit der ID &apos;%1&apos;. `camchat models` listet sie auf.</translation>
    </message>
    <message>
        <source>Downloads the model files of profile ID from where its profile says (the Hugging Face hub, or the URLs in its &quot;source&quot;), verifies their size and sha256 and puts them in place. A file already in llama.cpp&apos;s or the Hugging Face cache is used where it lies. An interrupted download keeps its .part file and the next pull resumes it. HF_ENDPOINT selects a mirror; HF_TOKEN is sent for gated or private repositories.</source>
        <translation>Lädt die Modelldateien des Profils ID von dort herunter, wo das Profil sagt (Hugging-Face-Hub oder die URLs in seiner &quot;source&quot;), prüft Größe und sha256 und legt sie ab. Eine Datei, die schon im Cache von llama.cpp oder Hugging Face liegt, wird dort verwendet. Ein unterbrochener Download behält seine .part-Datei, und der nächste pull setzt ihn fort. HF_ENDPOINT wählt einen Spiegel; HF_TOKEN wird für geschützte oder private Repositorys gesendet.</translation>
    </message>
    <message>
        <source>Usage: camchat models pull ID</source>
        <translation>Aufruf: camchat models pull ID</translation>
    </message>
    <message>
        <source>Exit status: 0 verified and in place, 1 could not be written (disk full, permission, another pull of the same file), 2 usage error, 3 model error (unknown id, not found, not authorised, checksum mismatch), 5 interrupted (Ctrl+C; the partial file is kept), 6 network error (the partial file is kept; pull again to resume).</source>
        <translation>Exit-Status: 0 geprüft und abgelegt, 1 konnte nicht geschrieben werden (Datenträger voll, Berechtigung, ein anderer pull derselben Datei), 2 Aufruffehler, 3 Modellfehler (unbekannte ID, nicht gefunden, nicht berechtigt, Prüfsumme falsch), 5 unterbrochen (Strg+C; die Teildatei bleibt), 6 Netzwerkfehler (die Teildatei bleibt; erneuter pull setzt fort).</translation>
    </message>
    <message>
        <source>The model profile to download.</source>
        <translation>Das herunterzuladende Modellprofil.</translation>
    </message>
    <message>
        <source>Name the model profile to download.</source>
        <translation>Das herunterzuladende Modellprofil angeben.</translation>
    </message>
    <message>
        <source>%1 is ready: its files are in place.</source>
        <translation>%1 ist bereit: seine Dateien sind vorhanden.</translation>
    </message>
    <message>
        <source>The download of %1 could not start.</source>
        <translation>Der Download von %1 konnte nicht starten.</translation>
    </message>
    <message>
        <source>%1 is ready: its files are verified and in place.</source>
        <translation>%1 ist bereit: seine Dateien sind geprüft und abgelegt.</translation>
    </message>
    <message>
        <source>The download was interrupted. The partial file is kept: `camchat models pull %1` resumes it.</source>
        <translation>Der Download wurde unterbrochen. Die Teildatei bleibt erhalten: `camchat models pull %1` setzt ihn fort.</translation>
    </message>
    <message>
        <source>Deletes the downloaded files of profile ID and any partial download from the model folder. Files in llama.cpp&apos;s or the Hugging Face cache are never deleted: only camchat&apos;s link to them.</source>
        <translation>Löscht die heruntergeladenen Dateien des Profils ID und einen unfertigen Download aus dem Modellordner. Dateien im Cache von llama.cpp oder Hugging Face werden nie gelöscht, nur camchats Verweis darauf.</translation>
    </message>
    <message>
        <source>Usage: camchat models remove ID</source>
        <translation>Aufruf: camchat models remove ID</translation>
    </message>
    <message>
        <source>Exit status: 0 removed (or nothing to remove), 1 a file could not be deleted, 2 usage error, 3 unknown id or a profile camchat does not download.</source>
        <translation>Exit-Status: 0 entfernt (oder nichts zu entfernen), 1 eine Datei konnte nicht gelöscht werden, 2 Aufruffehler, 3 unbekannte ID oder ein Profil, das camchat nicht herunterlädt.</translation>
    </message>
    <message>
        <source>The model profile whose files to delete.</source>
        <translation>Das Modellprofil, dessen Dateien gelöscht werden.</translation>
    </message>
    <message>
        <source>Name the model profile whose files to delete.</source>
        <translation>Das Modellprofil angeben, dessen Dateien gelöscht werden.</translation>
    </message>
    <message>
        <source>Removed the downloaded files of %1.</source>
        <translation>Die heruntergeladenen Dateien von %1 wurden entfernt.</translation>
    </message>
</context>
<context>
    <name>ModelsCommand</name>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>files missing</source>
        <translation>Dateien fehlen</translation>
    </message>
    <message>
        <source>present</source>
        <translation>vorhanden</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>aus %1</translation>
    </message>
    <message>
        <source>Print one JSON object instead of text.</source>
        <translation>Ein JSON-Objekt statt Text ausgeben.</translation>
    </message>
    <message>
        <source>Exit status: 0 success, 2 usage error.</source>
        <translation>Rückgabewert: 0 Erfolg, 2 falscher Aufruf.</translation>
    </message>
    <message>
        <source>No model profiles found.</source>
        <translation>Keine Modellprofile gefunden.</translation>
    </message>
    <message>
        <source>Profiles that could not be loaded:</source>
        <translation>Profile, die sich nicht laden ließen:</translation>
    </message>
    <message>
        <source>Your own profiles go in %1 (model paths relative to the JSON file).</source>
        <translation>Eigene Profile gehören nach %1 (Modellpfade relativ zur JSON-Datei).</translation>
    </message>
    <message>
        <source>(download %1: camchat models pull %2)</source>
        <translation>(herunterladen %1: camchat models pull %2)</translation>
    </message>
    <message>
        <source>(download: camchat models pull %1)</source>
        <translation>(herunterladen: camchat models pull %1)</translation>
    </message>
    <message>
        <source>server %1, model %2</source>
        <translation>Server %1, Modell %2</translation>
    </message>
    <message>
        <source>the first it lists</source>
        <translation>das erste aufgelistete</translation>
    </message>
    <message>
        <source>Lists the model profiles camchat knows (built in, then yours from %1), where each expects its model files and whether they are present. Profiles that failed to load are listed with the reason. `camchat models pull ID` downloads a profile&apos;s files, `camchat models remove ID` deletes them (see `camchat models pull --help`).</source>
        <translation>Listet die Modellprofile, die camchat kennt (eingebaute, dann Ihre aus %1), wo jedes seine Modelldateien erwartet und ob sie vorhanden sind. Profile, die nicht geladen werden konnten, stehen mit dem Grund da. `camchat models pull ID` lädt die Dateien eines Profils herunter, `camchat models remove ID` löscht sie (siehe `camchat models pull --help`).</translation>
    </message>
    <message>
        <source>Usage: camchat models [--json]
       camchat models pull ID
       camchat models remove ID</source>
        <translation>Aufruf: camchat models [--json]
       camchat models pull ID
       camchat models remove ID</translation>
    </message>
</context>
<context>
    <name>RemoteServer</name>
    <message>
        <source>Model server %1</source>
        <translation>Modellserver %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
</context>
<context>
    <name>SnapCommand</name>
    <message>
        <source>Usage: camchat snap --device /dev/videoN --out FILE [options]</source>
        <translation>Aufruf: camchat snap --device /dev/videoN --out DATEI [Optionen]</translation>
    </message>
    <message>
        <source>Saves one picture from a camera or HDMI input.</source>
        <translation>Speichert ein Bild von einer Kamera oder einem HDMI-Eingang.</translation>
    </message>
    <message>
        <source>The V4L2 device to capture from, e.g. /dev/video0 (required).</source>
        <translation>Das V4L2-Gerät, von dem aufgenommen wird, z. B. /dev/video0 (erforderlich).</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <source>Where to save the picture: .jpg or .png (required).</source>
        <translation>Wohin das Bild gespeichert wird: .jpg oder .png (erforderlich).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>Give up when no picture arrived after this long (default: %1).</source>
        <translation>Aufgeben, wenn nach dieser Zeit kein Bild angekommen ist (Vorgabe: %1).</translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation>SEKUNDEN</translation>
    </message>
    <message>
        <source>FOURCC</source>
        <translation>FOURCC</translation>
    </message>
    <message>
        <source>Ask a camera for this size, e.g. 1280x720.</source>
        <translation>Diese Größe von einer Kamera anfordern, z. B. 1280x720.</translation>
    </message>
    <message>
        <source>WxH</source>
        <translation>BxH</translation>
    </message>
    <message>
        <source>Drop the first N frames, so a camera&apos;s exposure can settle (default: 0).</source>
        <translation>Die ersten N Bilder verwerfen, damit sich die Belichtung einer Kamera einpendeln kann (Vorgabe: 0).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>--device PATH is required (&apos;camchat devices&apos; lists them).</source>
        <translation>--device PFAD ist erforderlich („camchat devices“ listet die Geräte auf).</translation>
    </message>
    <message>
        <source>--out FILE is required.</source>
        <translation>--out DATEI ist erforderlich.</translation>
    </message>
    <message>
        <source>--timeout expects seconds greater than 0 and at most %1, got &apos;%2&apos;.</source>
        <translation>--timeout erwartet Sekunden größer als 0 und höchstens %1, nicht „%2“.</translation>
    </message>
    <message>
        <source>--format expects a four-character code such as MJPG or YUYV, got &apos;%1&apos;.</source>
        <translation>--format erwartet einen Code aus vier Zeichen wie MJPG oder YUYV, nicht „%1“.</translation>
    </message>
    <message>
        <source>--size expects WIDTHxHEIGHT such as 1280x720, got &apos;%1&apos;.</source>
        <translation>--size erwartet BREITExHÖHE wie 1280x720, nicht „%1“.</translation>
    </message>
    <message>
        <source>Saved %1 (%2x%3, %4 from %5)
</source>
        <translation>%1 gespeichert (%2x%3, %4 von %5)
</translation>
    </message>
    <message>
        <source>could not save %1: %2</source>
        <translation>%1 konnte nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Waits for the first good frame from the device, saves it and exits. A name ending
in .png gives a PNG file, anything else a JPEG. An existing file is replaced only
once the new one is complete. &apos;camchat devices&apos; lists the capture devices.

Exit status:
  0  the picture was saved
  1  the file could not be written
  2  usage error (unknown option, missing or bad value)
  4  device error: missing, busy, no permission, not a capture device,
     or no picture before the timeout (an HDMI input without a signal);
     no file is written
</source>
        <translation>Wartet auf das erste gute Bild vom Gerät, speichert es und beendet sich. Ein
Name auf .png ergibt eine PNG-Datei, alles andere ein JPEG. Eine vorhandene
Datei wird erst ersetzt, wenn die neue vollständig ist. „camchat devices“
listet die Aufnahmegeräte auf.

Rückgabewert:
  0  das Bild wurde gespeichert
  1  die Datei konnte nicht geschrieben werden
  2  falscher Aufruf (unbekannte Option, fehlender oder ungültiger Wert)
  4  Gerätefehler: fehlt, belegt, keine Berechtigung, kein Aufnahmegerät
     oder kein Bild vor Ablauf der Wartezeit (ein HDMI-Eingang ohne Signal);
     es wird keine Datei geschrieben
</translation>
    </message>
    <message>
        <source>Ask for this pixel format (MJPG, YUYV, UYVY, NV12, ...); an HDMI input keeps its source&apos;s size and, without this option, its driver&apos;s format.</source>
        <translation>Dieses Pixelformat anfordern (MJPG, YUYV, UYVY, NV12, …); ein HDMI-Eingang behält die Größe seiner Quelle und, ohne diese Option, das Format seines Treibers.</translation>
    </message>
</context>
<context>
    <name>SystemCheckText</name>
    <message>
        <source>Board</source>
        <translation>Board</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <source>NPU driver</source>
        <translation>NPU-Treiber</translation>
    </message>
    <message>
        <source>RKNN runtime</source>
        <translation>RKNN-Laufzeit</translation>
    </message>
    <message>
        <source>RKLLM runtime</source>
        <translation>RKLLM-Laufzeit</translation>
    </message>
    <message>
        <source>GPU/NPU devices</source>
        <translation>GPU/NPU-Geräte</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>Kameras</translation>
    </message>
    <message>
        <source>NPU backend</source>
        <translation>NPU-Backend</translation>
    </message>
    <message>
        <source>Model files</source>
        <translation>Modelldateien</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>nicht gefunden</translation>
    </message>
    <message>
        <source>found, version unknown</source>
        <translation>gefunden, Version unbekannt</translation>
    </message>
    <message>
        <source>available</source>
        <translation>verfügbar</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>probably available, driver version unknown</source>
        <translation>wahrscheinlich verfügbar, Treiberversion unbekannt</translation>
    </message>
    <message>
        <source>answers will fail with matmul(w8a8) errors; the vendor 5.10 kernel cannot take the newer driver; install Armbian with kernel 6.1, or use the CPU backend</source>
        <translation>Antworten scheitern mit matmul(w8a8)-Fehlern; der 5.10-Kernel des Herstellers kann den neueren Treiber nicht aufnehmen; installieren Sie Armbian mit Kernel 6.1 oder verwenden Sie das CPU-Backend</translation>
    </message>
    <message>
        <source>unknown: run as root to read it (sudo camchat doctor)</source>
        <translation>unbekannt: zum Auslesen als root ausführen (sudo camchat doctor)</translation>
    </message>
    <message>
        <source>camchat supports rkllm-runtime %1: install librkllmrt.so from one of those releases</source>
        <translation>camchat unterstützt rkllm-runtime %1: installieren Sie librkllmrt.so aus einem dieser Releases</translation>
    </message>
    <message>
        <source>add yourself to the %1 group (sudo usermod -aG %1 $USER), then log in again</source>
        <translation>fügen Sie sich der Gruppe %1 hinzu (sudo usermod -aG %1 $USER) und melden Sie sich neu an</translation>
    </message>
    <message>
        <source>put the model file at %1, or choose another model</source>
        <translation>legen Sie die Modelldatei unter %1 ab oder wählen Sie ein anderes Modell</translation>
    </message>
    <message>
        <source>%1 is empty or not a model file: download it again</source>
        <translation>%1 ist leer oder keine Modelldatei: laden Sie sie erneut herunter</translation>
    </message>
    <message>
        <source>this machine has no usable Rockchip NPU: use a CPU model</source>
        <translation>dieser Rechner hat keine nutzbare Rockchip-NPU: verwenden Sie ein CPU-Modell</translation>
    </message>
    <message>
        <source>NPU backend: %1</source>
        <translation>NPU-Backend: %1</translation>
    </message>
    <message>
        <source>camchat system check (root %1)</source>
        <translation>camchat-Systemprüfung (Wurzel %1)</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>Behebung: %1</translation>
    </message>
    <message>
        <source>install %1 from Rockchip&apos;s rknn-llm release into /usr/lib, or choose its folder in Settings (Model page, NPU runtime) or with CAMCHAT_RK_LIB_DIR</source>
        <translation>installieren Sie %1 aus Rockchips rknn-llm-Release nach /usr/lib oder wählen Sie seinen Ordner in den Einstellungen (Seite Modell, NPU-Laufzeit) oder mit CAMCHAT_RK_LIB_DIR</translation>
    </message>
</context>
<context>
    <name>camchat::session::KioskController</name>
    <message>
        <source>Describe what you see in one short sentence.</source>
        <translation>Beschreibe in einem kurzen Satz, was du siehst.</translation>
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
    <message>
        <source>image</source>
        <translation>Bild</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ErrorBar</name>
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
    <message>
        <source>The model profile is not valid.</source>
        <translation>Das Modellprofil ist ungültig.</translation>
    </message>
    <message>
        <source>A file of this model is missing.</source>
        <translation>Eine Datei dieses Modells fehlt.</translation>
    </message>
    <message>
        <source>A file of this model is damaged or is not the kind of file the model needs.</source>
        <translation>Eine Datei dieses Modells ist beschädigt oder nicht die Art Datei, die das Modell braucht.</translation>
    </message>
    <message>
        <source>The model could not be loaded.</source>
        <translation>Das Modell konnte nicht geladen werden.</translation>
    </message>
    <message>
        <source>This model needs a runtime that is not available on this computer.</source>
        <translation>Dieses Modell braucht eine Laufzeitumgebung, die auf diesem Rechner nicht verfügbar ist.</translation>
    </message>
    <message>
        <source>No model is loaded. Choose one and ask again.</source>
        <translation>Es ist kein Modell geladen. Wählen Sie eines und fragen Sie erneut.</translation>
    </message>
    <message>
        <source>There is no image to talk about yet. Open one and ask again.</source>
        <translation>Es gibt noch kein Bild, über das gesprochen werden kann. Öffnen Sie eines und fragen Sie erneut.</translation>
    </message>
    <message>
        <source>The image could not be prepared for the model.</source>
        <translation>Das Bild konnte nicht für das Modell vorbereitet werden.</translation>
    </message>
    <message>
        <source>The model could not look at the image.</source>
        <translation>Das Modell konnte das Bild nicht ansehen.</translation>
    </message>
    <message>
        <source>This conversation is too long for the model. Ask again to start a new one about the same image.</source>
        <translation>Dieses Gespräch ist zu lang für das Modell. Fragen Sie erneut, um ein neues Gespräch über dasselbe Bild zu beginnen.</translation>
    </message>
    <message>
        <source>The question could not be prepared for the model.</source>
        <translation>Die Frage konnte nicht für das Modell vorbereitet werden.</translation>
    </message>
    <message>
        <source>The model failed while writing the answer.</source>
        <translation>Das Modell ist beim Schreiben der Antwort gescheitert.</translation>
    </message>
    <message>
        <source>The answer was stopped.</source>
        <translation>Die Antwort wurde angehalten.</translation>
    </message>
    <message>
        <source>The model could not answer.</source>
        <translation>Das Modell konnte nicht antworten.</translation>
    </message>
    <message>
        <source>%1 is not capturing.</source>
        <translation>%1 nimmt nicht auf.</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>No signal on the HDMI input — check the cable and the source</source>
        <translation>Kein Signal am HDMI-Eingang – prüfen Sie Kabel und Quelle</translation>
    </message>
    <message>
        <source>%1 delivers no pictures. Is the lens covered, or is another program using the camera?</source>
        <translation>%1 liefert keine Bilder. Ist das Objektiv abgedeckt, oder verwendet ein anderes Programm die Kamera?</translation>
    </message>
    <message>
        <source>%1 was unplugged. Waiting for it to come back…</source>
        <translation>%1 wurde getrennt. Warten, bis es wieder da ist…</translation>
    </message>
    <message>
        <source>Cannot capture from %1: %2</source>
        <translation>Von %1 kann nicht aufgenommen werden: %2</translation>
    </message>
    <message>
        <source>%1 does not exist. Run `camchat devices` to list capture devices.</source>
        <translation>%1 existiert nicht. `camchat devices` listet die Aufnahmegeräte auf.</translation>
    </message>
    <message>
        <source>No permission to open %1. Add your user to the &apos;video&apos; group (sudo usermod -aG video $USER), then log out and in again.</source>
        <translation>Keine Berechtigung, %1 zu öffnen. Fügen Sie Ihren Benutzer der Gruppe „video“ hinzu (sudo usermod -aG video $USER) und melden Sie sich ab und wieder an.</translation>
    </message>
    <message>
        <source>%1 is busy: another program is capturing from it. Close that program (or the camchat window using it) and try again.</source>
        <translation>%1 ist belegt: ein anderes Programm nimmt davon auf. Schließen Sie dieses Programm (oder das camchat-Fenster, das es verwendet) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1 is not a video capture device. Run `camchat devices` to list capture devices.</source>
        <translation>%1 ist kein Videoaufnahmegerät. `camchat devices` listet die Aufnahmegeräte auf.</translation>
    </message>
    <message>
        <source>%1 sends a pixel format camchat cannot capture.</source>
        <translation>%1 liefert ein Pixelformat, das camchat nicht aufnehmen kann.</translation>
    </message>
    <message>
        <source>No signal on the HDMI input within %1 s — check the cable and the source.</source>
        <translation>Innerhalb von %1 s kein Signal am HDMI-Eingang – prüfen Sie Kabel und Quelle.</translation>
    </message>
    <message>
        <source>%1 delivered no picture within %2 s. If it is an HDMI grabber, check the cable and the source; otherwise try a longer --timeout.</source>
        <translation>%1 hat innerhalb von %2 s kein Bild geliefert. Bei einem HDMI-Grabber prüfen Sie Kabel und Quelle; sonst versuchen Sie ein längeres --timeout.</translation>
    </message>
    <message>
        <source>%1 was unplugged while waiting for a picture.</source>
        <translation>%1 wurde während des Wartens auf ein Bild getrennt.</translation>
    </message>
    <message>
        <source>Cannot capture from %1.</source>
        <translation>Von %1 kann nicht aufgenommen werden.</translation>
    </message>
    <message>
        <source>This model does not say where its files can be downloaded from. Put them in place yourself.</source>
        <translation>Dieses Modell gibt nicht an, wo seine Dateien heruntergeladen werden können. Legen Sie sie selbst ab.</translation>
    </message>
    <message>
        <source>The model files were not found on the server.</source>
        <translation>Die Modelldateien wurden auf dem Server nicht gefunden.</translation>
    </message>
    <message>
        <source>The server refused the download: the repository is gated or private: set HF_TOKEN.</source>
        <translation>Der Server verweigerte den Download: das Repository ist geschützt oder privat: HF_TOKEN setzen.</translation>
    </message>
    <message>
        <source>The downloaded file is not the expected one (checksum mismatch) and was deleted.</source>
        <translation>Die heruntergeladene Datei ist nicht die erwartete (Prüfsumme falsch) und wurde gelöscht.</translation>
    </message>
    <message>
        <source>The download failed on the network. The partial file is kept: downloading again (or `camchat models pull`) resumes it.</source>
        <translation>Der Download scheiterte am Netzwerk. Die Teildatei bleibt erhalten: erneutes Herunterladen (oder `camchat models pull`) setzt ihn fort.</translation>
    </message>
    <message>
        <source>There is not enough free disk space for the model files.</source>
        <translation>Es ist nicht genug freier Speicherplatz für die Modelldateien da.</translation>
    </message>
    <message>
        <source>The model files cannot be written to the model folder.</source>
        <translation>Die Modelldateien können nicht in den Modellordner geschrieben werden.</translation>
    </message>
    <message>
        <source>Another camchat is downloading the same file.</source>
        <translation>Ein anderes camchat lädt dieselbe Datei herunter.</translation>
    </message>
    <message>
        <source>Cannot reach the model server at %1: %2</source>
        <translation>Der Modellserver unter %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>The model server rejected the API key (Settings → Remote server).</source>
        <translation>Der Modellserver hat den API-Schlüssel abgelehnt (Einstellungen → Modellserver).</translation>
    </message>
    <message>
        <source>The model server rejected the API key from the variable %1.</source>
        <translation>Der Modellserver hat den API-Schlüssel aus der Variable %1 abgelehnt.</translation>
    </message>
    <message>
        <source>The model server wants an API key: enter it in Settings → Remote server, or put it in an environment variable and name that variable in the profile&apos;s remote.apiKeyEnv (or with --api-key-env).</source>
        <translation>Der Modellserver verlangt einen API-Schlüssel: in Einstellungen → Modellserver eingeben, oder in eine Umgebungsvariable legen und diese im remote.apiKeyEnv des Profils nennen (oder mit --api-key-env).</translation>
    </message>
    <message>
        <source>The model server wants an API key, but the variable %1 is unset.</source>
        <translation>Der Modellserver verlangt einen API-Schlüssel, aber die Variable %1 ist nicht gesetzt.</translation>
    </message>
    <message>
        <source>The model server has no model &quot;%1&quot;.</source>
        <translation>Der Modellserver hat kein Modell &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The model server has no model &quot;%1&quot;; it offers: %2.</source>
        <translation>Der Modellserver hat kein Modell &quot;%1&quot;; er bietet: %2.</translation>
    </message>
    <message>
        <source>This server&apos;s model cannot see images — start llama-server with --mmproj, or choose a vision model.</source>
        <translation>Das Modell dieses Servers kann keine Bilder sehen — llama-server mit --mmproj starten oder ein Vision-Modell wählen.</translation>
    </message>
    <message>
        <source>The model server at %1 did not start answering in time.</source>
        <translation>Der Modellserver unter %1 hat nicht rechtzeitig zu antworten begonnen.</translation>
    </message>
    <message>
        <source>The model server at %1 stopped sending mid-answer; the answer is cut off.</source>
        <translation>Der Modellserver unter %1 hörte mitten in der Antwort auf zu senden; die Antwort ist abgeschnitten.</translation>
    </message>
    <message>
        <source>The connection to the model server at %1 dropped; the answer is cut off.</source>
        <translation>Die Verbindung zum Modellserver unter %1 brach ab; die Antwort ist abgeschnitten.</translation>
    </message>
    <message>
        <source>The model server at %1 reported an error: %2</source>
        <translation>Der Modellserver unter %1 meldete einen Fehler: %2</translation>
    </message>
</context>
<context>
    <name>camchat::ui::FirstRunBanner</name>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stops the download; what has arrived is kept, and Download resumes it.</source>
        <translation>Beendet den Download; was angekommen ist, bleibt, und Herunterladen setzt fort.</translation>
    </message>
    <message>
        <source>Manage models…</source>
        <translation>Modelle verwalten…</translation>
    </message>
    <message>
        <source>Downloading %1 — it loads as soon as it has been checked.</source>
        <translation>%1 wird heruntergeladen — es wird geladen, sobald es geprüft ist.</translation>
    </message>
    <message>
        <source>Resume download</source>
        <translation>Download fortsetzen</translation>
    </message>
    <message>
        <source>The download of %1 stopped: %2</source>
        <translation>Der Download von %1 wurde beendet: %2</translation>
    </message>
    <message>
        <source>camchat needs a vision model to answer. Download %1 (%2)?</source>
        <translation>camchat braucht ein Vision-Modell, um zu antworten. %1 herunterladen (%2)?</translation>
    </message>
    <message>
        <source>This board&apos;s NPU answers faster: put %1 in %2 and choose the NPU model. The CPU model works meanwhile.</source>
        <translation>Die NPU dieser Platine antwortet schneller: %1 nach %2 legen und das NPU-Modell wählen. Das CPU-Modell funktioniert so lange.</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ImageIntake</name>
    <message>
        <source>Screen grab</source>
        <translation>Bildschirmfoto</translation>
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
        <source>Could not open %1. %2</source>
        <translation>%1 konnte nicht geöffnet werden. %2</translation>
    </message>
    <message>
        <source>Clipboard</source>
        <translation>Zwischenablage</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>Abgelegtes Bild</translation>
    </message>
    <message>
        <source>Screen region</source>
        <translation>Bildschirmbereich</translation>
    </message>
</context>
<context>
    <name>camchat::ui::KioskMode</name>
    <message>
        <source>No model is ready. Run “camchat models pull %1” on this machine; captions start when it has been checked.</source>
        <translation>Kein Modell ist bereit. Auf diesem Gerät „camchat models pull %1“ ausführen; die Bildunterschriften beginnen, sobald es geprüft ist.</translation>
    </message>
    <message>
        <source>No model is ready. Put a model&apos;s files in %1; captions start when they are there.</source>
        <translation>Kein Modell ist bereit. Die Dateien eines Modells nach %1 legen; die Bildunterschriften beginnen, sobald sie da sind.</translation>
    </message>
</context>
<context>
    <name>camchat::ui::KioskWindow</name>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>vor %n s</numerusform>
            <numerusform>vor %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n min</numerusform>
            <numerusform>vor %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n h</numerusform>
            <numerusform>vor %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retrying in %n s — %1</source>
        <translation>
            <numerusform>Neuer Versuch in %n s – %1</numerusform>
            <numerusform>Neuer Versuch in %n s – %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Retrying — %1</source>
        <translation>Neuer Versuch – %1</translation>
    </message>
    <message>
        <source>Captioning failed — %1</source>
        <translation>Beschriften fehlgeschlagen – %1</translation>
    </message>
    <message>
        <source>Reloading the model after repeated errors…</source>
        <translation>Das Modell wird nach wiederholten Fehlern neu geladen…</translation>
    </message>
    <message>
        <source>Waiting for the model to load…</source>
        <translation>Warten, bis das Modell geladen ist…</translation>
    </message>
    <message>
        <source>Retrying…</source>
        <translation>Neuer Versuch…</translation>
    </message>
    <message>
        <source>Describing what the camera sees…</source>
        <translation>Beschreibe, was die Kamera sieht…</translation>
    </message>
    <message>
        <source>Space: caption now · Esc: leave kiosk mode</source>
        <translation>Leertaste: jetzt beschriften · Esc: Kiosk-Modus verlassen</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 Tokens/s</translation>
    </message>
    <message>
        <source>camchat kiosk</source>
        <translation>camchat-Kiosk</translation>
    </message>
    <message>
        <source>Caption kiosk</source>
        <translation>Bildunterschriften-Kiosk</translation>
    </message>
    <message>
        <source>Waiting for a camera or HDMI input — plug one in; captions start when it appears.</source>
        <translation>Warte auf eine Kamera oder einen HDMI-Eingang — bitte anschließen; die Bildunterschriften beginnen, sobald eine(r) erscheint.</translation>
    </message>
    <message>
        <source>Waiting for a picture from %1 — check the HDMI cable and that the source is on; captions resume by themselves.</source>
        <translation>Warte auf ein Bild von %1 — HDMI-Kabel prüfen und ob die Quelle eingeschaltet ist; die Bildunterschriften gehen von selbst weiter.</translation>
    </message>
    <message>
        <source>Waiting for a picture from %1 — check that the camera is plugged in; captions resume by themselves.</source>
        <translation>Warte auf ein Bild von %1 — prüfen, ob die Kamera angeschlossen ist; die Bildunterschriften gehen von selbst weiter.</translation>
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
    <message>
        <source>Upload</source>
        <translation>Hochladen</translation>
    </message>
    <message>
        <source>The picture was encoded while you typed the question, so the answer did not wait for it.</source>
        <translation>Das Bild wurde kodiert, während Sie die Frage eingetippt haben, also musste die Antwort nicht darauf warten.</translation>
    </message>
    <message>
        <source>Encoded while you typed: %1</source>
        <translation>Kodiert während der Eingabe: %1</translation>
    </message>
</context>
<context>
    <name>camchat::ui::MainWindow</name>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>Die Zwischenablage enthält kein Bild.</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>%1 wird gespeichert…</translation>
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
        <source>%1 – camchat</source>
        <translation>%1 – camchat</translation>
    </message>
    <message numerus="yes">
        <source>%n model profile(s) could not be read and are not in the list.</source>
        <translation>
            <numerusform>%n Modellprofil konnte nicht gelesen werden und ist nicht in der Liste.</numerusform>
            <numerusform>%n Modellprofile konnten nicht gelesen werden und sind nicht in der Liste.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load the model %1. %2</source>
        <translation>Das Modell %1 konnte nicht geladen werden. %2</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>There is no live picture to snap yet.</source>
        <translation>Es gibt noch kein Livebild zum Aufnehmen.</translation>
    </message>
    <message>
        <source>The live picture could not be snapped.</source>
        <translation>Das Livebild konnte nicht aufgenommen werden.</translation>
    </message>
    <message>
        <source>No keyring is running (%1): the API key is kept until camchat quits.</source>
        <translation>Kein Schlüsselbund läuft (%1): der API-Schlüssel bleibt nur, bis camchat beendet wird.</translation>
    </message>
    <message>
        <source>%1 did not answer. %2</source>
        <translation>%1 hat nicht geantwortet. %2</translation>
    </message>
    <message>
        <source>%1 could not be downloaded: %2</source>
        <translation>%1 konnte nicht heruntergeladen werden: %2</translation>
    </message>
    <message>
        <source>%1 is downloaded and checked.</source>
        <translation>%1 ist heruntergeladen und geprüft.</translation>
    </message>
</context>
<context>
    <name>camchat::ui::MainWindowActions</name>
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
        <source>S&amp;nap</source>
        <translation>&amp;Aufnehmen</translation>
    </message>
    <message>
        <source>Freeze the current live picture as the image to ask about (Space)</source>
        <translation>Das aktuelle Livebild als Bild für Fragen festhalten (Leertaste)</translation>
    </message>
    <message>
        <source>&amp;Kiosk Mode</source>
        <translation>&amp;Kiosk-Modus</translation>
    </message>
    <message>
        <source>Show the live picture full screen with captions made by themselves (Esc leaves)</source>
        <translation>Das Livebild im Vollbild mit selbsttätig erstellten Bildunterschriften zeigen (Esc beendet)</translation>
    </message>
    <message>
        <source>Show Capture &amp;Details</source>
        <translation>Aufnahme&amp;details anzeigen</translation>
    </message>
    <message>
        <source>Frame rate, size, pixel format and dropped frames over the live picture</source>
        <translation>Bildrate, Größe, Pixelformat und verworfene Bilder über dem Livebild</translation>
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
        <source>Save &amp;Transcript…</source>
        <translation>&amp;Gesprächsverlauf speichern…</translation>
    </message>
    <message>
        <source>Save the conversation as Markdown, with the images asked about</source>
        <translation>Das Gespräch als Markdown speichern, mit den befragten Bildern</translation>
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
        <source>System &amp;Check…</source>
        <translation>System&amp;prüfung…</translation>
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
        <source>Grab Screen &amp;Region…</source>
        <translation>Bildschirm&amp;bereich aufnehmen…</translation>
    </message>
    <message>
        <source>Take a screenshot and drag out the part to ask about: small text stays readable</source>
        <translation>Einen Bildschirmfoto aufnehmen und den Teil aufziehen, nach dem gefragt wird: kleine Schrift bleibt lesbar</translation>
    </message>
    <message>
        <source>&amp;Manage Models…</source>
        <translation>Modelle &amp;verwalten…</translation>
    </message>
    <message>
        <source>Download, remove and locate the models</source>
        <translation>Modelle herunterladen, entfernen und finden</translation>
    </message>
    <message>
        <source>&amp;Reload Model List</source>
        <translation>Modellliste neu &amp;laden</translation>
    </message>
    <message>
        <source>Read the model profiles and look for their files again</source>
        <translation>Die Modellprofile neu lesen und erneut nach ihren Dateien suchen</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>&amp;Modelle</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ModelPicker</name>
    <message>
        <source>%1 on the %2 backend</source>
        <translation>%1 mit dem Backend %2</translation>
    </message>
    <message>
        <source>%1 (files missing)</source>
        <translation>%1 (Dateien fehlen)</translation>
    </message>
    <message>
        <source>Missing: %1
Put the model files in %2, or add a profile there that says where they are.</source>
        <translation>Es fehlt: %1
Legen Sie die Modelldateien in %2 ab oder fügen Sie dort ein Profil hinzu, das sagt, wo sie liegen.</translation>
    </message>
    <message>
        <source>No models</source>
        <translation>Keine Modelle</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>Modell wählen</translation>
    </message>
    <message>
        <source>The vision-language model that answers. Model files and your own profiles go in %1.</source>
        <translation>Das Bild-Sprachmodell, das antwortet. Modelldateien und eigene Profile gehören nach %1.</translation>
    </message>
    <message>
        <source>%1 (downloading…)</source>
        <translation>%1 (wird heruntergeladen…)</translation>
    </message>
    <message>
        <source>%1 — download %2</source>
        <translation>%1 — %2 herunterladen</translation>
    </message>
    <message>
        <source>Being downloaded; it can be chosen once it has been checked.</source>
        <translation>Wird heruntergeladen; es kann gewählt werden, sobald es geprüft ist.</translation>
    </message>
    <message>
        <source>Downloads the model files into %1 and checks them.</source>
        <translation>Lädt die Modelldateien nach %1 herunter und prüft sie.</translation>
    </message>
    <message>
        <source>Manage models…</source>
        <translation>Modelle verwalten…</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ModelsDialog</name>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>Modell entfernen</translation>
    </message>
    <message>
        <source>Remove the downloaded files of %1? It must be downloaded again to be used.</source>
        <translation>Die heruntergeladenen Dateien von %1 entfernen? Um es zu verwenden, muss es erneut heruntergeladen werden.</translation>
    </message>
    <message>
        <source>Ready (model server)</source>
        <translation>Bereit (Modellserver)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Files missing; no download source</source>
        <translation>Dateien fehlen; keine Download-Quelle</translation>
    </message>
    <message>
        <source>Partly downloaded: %1 to go</source>
        <translation>Teilweise heruntergeladen: noch %1</translation>
    </message>
    <message>
        <source>Not downloaded</source>
        <translation>Nicht heruntergeladen</translation>
    </message>
    <message>
        <source>Resume download</source>
        <translation>Download fortsetzen</translation>
    </message>
</context>
<context>
    <name>camchat::ui::NpuFallback</name>
    <message>
        <source>Use %1 instead</source>
        <translation>Stattdessen %1 verwenden</translation>
    </message>
    <message>
        <source>%1 needs the Rockchip NPU, and it could not be loaded here. %2 is the same kind of model on the CPU: slower, but it runs on any computer.</source>
        <translation>%1 braucht die Rockchip-NPU, und sie ließ sich hier nicht laden. %2 ist dieselbe Art Modell für die CPU: langsamer, läuft aber auf jedem Computer.</translation>
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
    <message>
        <source>%1 fps</source>
        <translation>%1 fps</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message numerus="yes">
        <source>%n dropped</source>
        <translation>
            <numerusform>%n verworfen</numerusform>
            <numerusform>%n verworfen</numerusform>
        </translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Schnappschuss</translation>
    </message>
</context>
<context>
    <name>camchat::ui::PromptArea</name>
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
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Wait for the answer to finish, or press Stop.</source>
        <translation>Warten Sie, bis die Antwort fertig ist, oder drücken Sie „Anhalten“.</translation>
    </message>
    <message>
        <source>The model is still loading.</source>
        <translation>Das Modell wird noch geladen.</translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation>Wählen Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <source>Wait for the live picture, or pick another source.</source>
        <translation>Warten Sie auf das Livebild oder wählen Sie eine andere Quelle.</translation>
    </message>
    <message>
        <source>Open, paste or grab an image first.</source>
        <translation>Öffnen, einfügen oder nehmen Sie zuerst ein Bild auf.</translation>
    </message>
    <message>
        <source>Type a question first.</source>
        <translation>Geben Sie zuerst eine Frage ein.</translation>
    </message>
    <message>
        <source>Snap the live picture and ask about it (Enter)</source>
        <translation>Das Livebild aufnehmen und dazu fragen (Eingabe)</translation>
    </message>
    <message>
        <source>Ask about the new image; this starts a new conversation (Enter)</source>
        <translation>Zum neuen Bild fragen; das beginnt ein neues Gespräch (Eingabe)</translation>
    </message>
    <message>
        <source>Ask about the image (Enter)</source>
        <translation>Zum Bild fragen (Eingabe)</translation>
    </message>
    <message>
        <source>Ask a follow-up question about the same image (Enter)</source>
        <translation>Eine Nachfrage zum selben Bild stellen (Eingabe)</translation>
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
    <name>camchat::ui::RegionSelector</name>
    <message>
        <source>Grab a region</source>
        <translation>Bereich aufnehmen</translation>
    </message>
    <message>
        <source>Drag over the part of the screen to ask about · Enter: the whole screen · Esc: cancel</source>
        <translation>Über den Teil des Bildschirms ziehen, nach dem gefragt wird · Eingabe: ganzer Bildschirm · Esc: abbrechen</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
</context>
<context>
    <name>camchat::ui::RemoteServerPage</name>
    <message>
        <source>Model server</source>
        <translation>Modellserver</translation>
    </message>
    <message>
        <source>The API address of an OpenAI-compatible server: llama-server, vLLM, Ollama (…:11434/v1) or LM Studio (…:1234/v1). Empty: no server.</source>
        <translation>Die API-Adresse eines OpenAI-kompatiblen Servers: llama-server, vLLM, Ollama (…:11434/v1) oder LM Studio (…:1234/v1). Leer: kein Server.</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>The first model the server lists</source>
        <translation>Das erste Modell, das der Server auflistet</translation>
    </message>
    <message>
        <source>Test connection fills this list with the server&apos;s models.</source>
        <translation>Verbindung testen füllt diese Liste mit den Modellen des Servers.</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keiner</translation>
    </message>
    <message>
        <source>Kept in the desktop keyring, never in camchat&apos;s settings. Without a keyring it lasts until camchat quits.</source>
        <translation>Wird im Schlüsselbund der Arbeitsumgebung gespeichert, nie in camchats Einstellungen. Ohne Schlüsselbund gilt er, bis camchat beendet wird.</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>The server appears in the model picker. Pictures go to it as JPEG; the conversation stays in this window.</source>
        <translation>Der Server erscheint in der Modellauswahl. Bilder gehen als JPEG zu ihm; das Gespräch bleibt in diesem Fenster.</translation>
    </message>
    <message>
        <source>Asking %1…</source>
        <translation>Frage %1…</translation>
    </message>
    <message numerus="yes">
        <source>Answered in %n ms.</source>
        <translation>
            <numerusform>Antwort in %n ms.</numerusform>
            <numerusform>Antwort in %n ms.</numerusform>
        </translation>
    </message>
    <message>
        <source>It lists no models.</source>
        <translation>Er listet keine Modelle.</translation>
    </message>
    <message>
        <source>%1 accepts images.</source>
        <translation>%1 nimmt Bilder an.</translation>
    </message>
    <message>
        <source>%1 does not accept images: it cannot answer about pictures.</source>
        <translation>%1 nimmt keine Bilder an: es kann nichts über Bilder sagen.</translation>
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
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>CPU threads the model uses. A change reloads the model.</source>
        <translation>CPU-Threads, die das Modell verwendet. Eine Änderung lädt das Modell neu.</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>&amp;Threads:</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>Modellvorgabe</translation>
    </message>
    <message>
        <source>The longest answer, in tokens (a token is about ¾ of a word).</source>
        <translation>Die längste Antwort in Tokens (ein Token ist etwa ¾ eines Wortes).</translation>
    </message>
    <message>
        <source>&amp;Answer length limit:</source>
        <translation>&amp;Höchstlänge der Antwort:</translation>
    </message>
    <message>
        <source>0 gives the most likely answer every time; higher values give more varied ones.</source>
        <translation>0 ergibt jedes Mal die wahrscheinlichste Antwort; höhere Werte ergeben abwechslungsreichere.</translation>
    </message>
    <message>
        <source>T&amp;emperature:</source>
        <translation>T&amp;emperatur:</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>Kiosk mode</source>
        <translation>Kiosk-Modus</translation>
    </message>
    <message>
        <source>Full screen, the live picture with a caption the model writes by itself, again and again. Esc leaves kiosk mode, Space asks for a caption now.</source>
        <translation>Im Vollbild das Livebild mit einer Bildunterschrift, die das Modell selbsttätig schreibt, immer wieder neu. Esc verlässt den Kiosk-Modus, die Leertaste fordert sofort eine Bildunterschrift an.</translation>
    </message>
    <message>
        <source>&amp;Start in kiosk mode</source>
        <translation>Im Kiosk-Modus s&amp;tarten</translation>
    </message>
    <message>
        <source>camchat opens the kiosk screen instead of the main window (as with camchat --kiosk).</source>
        <translation>camchat öffnet statt des Hauptfensters die Kiosk-Ansicht (wie mit camchat --kiosk).</translation>
    </message>
    <message>
        <source>What the model is asked about every picture. Empty: the default shown greyed.</source>
        <translation>Was das Modell zu jedem Bild gefragt wird. Leer: die grau angezeigte Vorgabe.</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>&amp;Frage:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Back to back</source>
        <translation>Ohne Pause</translation>
    </message>
    <message>
        <source>A new caption every so many seconds. Back to back: the next one starts as soon as the model is free.</source>
        <translation>Alle so viele Sekunden eine neue Bildunterschrift. Ohne Pause: Die nächste beginnt, sobald das Modell frei ist.</translation>
    </message>
    <message>
        <source>Caption &amp;every:</source>
        <translation>Bildunterschrift &amp;alle:</translation>
    </message>
    <message>
        <source>Also caption when the s&amp;cene changes</source>
        <translation>Auch bei Szenen&amp;wechsel beschriften</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>How much the picture must change (average brightness difference) to count as a new scene. Lower values react to smaller changes.</source>
        <translation>Wie stark sich das Bild ändern muss (mittlerer Helligkeitsunterschied), damit es als neue Szene gilt. Niedrigere Werte reagieren auf kleinere Änderungen.</translation>
    </message>
    <message>
        <source>Change &amp;threshold:</source>
        <translation>Änderungs&amp;schwelle:</translation>
    </message>
    <message>
        <source>A scene change never starts a caption sooner than this after the last one.</source>
        <translation>Ein Szenenwechsel startet eine Bildunterschrift frühestens so lange nach der letzten.</translation>
    </message>
    <message>
        <source>&amp;Minimum interval:</source>
        <translation>&amp;Mindestabstand:</translation>
    </message>
    <message>
        <source>NPU runtime</source>
        <translation>NPU-Laufzeit</translation>
    </message>
    <message>
        <source>System library path</source>
        <translation>Bibliothekspfad des Systems</translation>
    </message>
    <message>
        <source>The folder with librknnrt.so and librkllmrt.so for Rockchip NPU models. Empty: the system library path. CAMCHAT_RK_LIB_DIR, when set, comes first. Libraries beside model files are never loaded.</source>
        <translation>Der Ordner mit librknnrt.so und librkllmrt.so für Rockchip-NPU-Modelle. Leer: der Bibliothekspfad des Systems. CAMCHAT_RK_LIB_DIR hat, wenn gesetzt, Vorrang. Bibliotheken neben Modelldateien werden nie geladen.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Folder of the NPU Runtime Libraries</source>
        <translation>Ordner der NPU-Laufzeitbibliotheken</translation>
    </message>
    <message>
        <source>Runtime &amp;folder:</source>
        <translation>Laufzeit&amp;ordner:</translation>
    </message>
    <message>
        <source>The NPU runtime folder must be a full path, such as /opt/rknn/lib.</source>
        <translation>Der Ordner der NPU-Laufzeit muss ein vollständiger Pfad sein, etwa /opt/rknn/lib.</translation>
    </message>
    <message>
        <source>Remote server</source>
        <translation>Modellserver</translation>
    </message>
    <message>
        <source>The model server&apos;s address must start with http:// or https://, such as http://gpu-box:8000/v1.</source>
        <translation>Die Adresse des Modellservers muss mit http:// oder https:// beginnen, etwa http://gpu-box:8000/v1.</translation>
    </message>
    <message>
        <source>&amp;Encode pictures while I type the question</source>
        <translation>Bilder &amp;kodieren, während ich die Frage eintippe</translation>
    </message>
    <message>
        <source>The model starts on a picture as soon as it is snapped, opened or pasted, so the answer comes sooner. Turn it off to save power on battery.</source>
        <translation>Das Modell beginnt mit einem Bild, sobald es aufgenommen, geöffnet oder eingefügt ist, damit die Antwort früher kommt. Ausschalten spart im Akkubetrieb Strom.</translation>
    </message>
</context>
<context>
    <name>camchat::ui::SnapshotSaver</name>
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
        <source>The snapshot was not saved. %1</source>
        <translation>Der Schnappschuss wurde nicht gespeichert. %1</translation>
    </message>
</context>
<context>
    <name>camchat::ui::SourcePicker</name>
    <message>
        <source>Where the picture comes from: still images, a camera or HDMI input, or the screen</source>
        <translation>Woher das Bild kommt: Standbilder, eine Kamera oder ein HDMI-Eingang oder der Bildschirm</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>&amp;Quelle:</translation>
    </message>
    <message>
        <source>Pixel format, size and frame rate of the capture</source>
        <translation>Pixelformat, Größe und Bildrate der Aufnahme</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Still images: open, paste or drop one</source>
        <translation>Standbilder: eines öffnen, einfügen oder ablegen</translation>
    </message>
    <message>
        <source>%1 (HDMI input)</source>
        <translation>%1 (HDMI-Eingang)</translation>
    </message>
    <message>
        <source>%1 (unplugged)</source>
        <translation>%1 (getrennt)</translation>
    </message>
    <message>
        <source>Camera through Qt Multimedia</source>
        <translation>Kamera über Qt Multimedia</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Bildschirm</translation>
    </message>
    <message>
        <source>Take a screenshot and ask about it</source>
        <translation>Ein Bildschirmfoto aufnehmen und dazu fragen</translation>
    </message>
    <message>
        <source>As the HDMI signal</source>
        <translation>Wie das HDMI-Signal</translation>
    </message>
    <message>
        <source>An HDMI receiver captures in the format of the incoming signal</source>
        <translation>Ein HDMI-Empfänger nimmt im Format des eingehenden Signals auf</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>camchat&apos;s choice: the largest size up to 1080p at 25 frames per second or more</source>
        <translation>Wahl von camchat: die größte Auflösung bis 1080p mit mindestens 25 Bildern pro Sekunde</translation>
    </message>
    <message>
        <source>%1 %2 × %3, %4 fps</source>
        <translation>%1 %2 × %3, %4 fps</translation>
    </message>
    <message>
        <source>%1 %2 × %3</source>
        <translation>%1 %2 × %3</translation>
    </message>
    <message>
        <source>Automatic (%1 %2 × %3)</source>
        <translation>Automatisch (%1 %2 × %3)</translation>
    </message>
</context>
<context>
    <name>camchat::ui::StatusPanel</name>
    <message>
        <source>No model configured</source>
        <translation>Kein Modell eingerichtet</translation>
    </message>
    <message>
        <source>camchat answers questions once a vision-language model is set up.</source>
        <translation>camchat beantwortet Fragen, sobald ein Bild-Sprachmodell eingerichtet ist.</translation>
    </message>
    <message>
        <source>Live: %1</source>
        <translation>Live: %1</translation>
    </message>
    <message>
        <source>Live: %1 · %2 × %3 %4</source>
        <translation>Live: %1 · %2 × %3 %4</translation>
    </message>
    <message>
        <source>snapshot %1 × %2 px</source>
        <translation>Schnappschuss %1 × %2 px</translation>
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
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>Choose a model next to the Ask button.</source>
        <translation>Wählen Sie neben der Schaltfläche „Fragen“ ein Modell.</translation>
    </message>
    <message numerus="yes">
        <source>%n models</source>
        <translation>
            <numerusform>%n Modell</numerusform>
            <numerusform>%n Modelle</numerusform>
        </translation>
    </message>
    <message>
        <source>Downloading %1: %2</source>
        <translation>%1 wird heruntergeladen: %2</translation>
    </message>
</context>
<context>
    <name>camchat::ui::SystemCheckDialog</name>
    <message>
        <source>System Check</source>
        <translation>Systemprüfung</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Check &amp;Again</source>
        <translation>&amp;Erneut prüfen</translation>
    </message>
    <message>
        <source>&amp;Copy Report</source>
        <translation>Bericht &amp;kopieren</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Behebung: %1</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Behebung</translation>
    </message>
</context>
<context>
    <name>camchat::ui::TranscriptExporter</name>
    <message>
        <source>camchat conversation, %1</source>
        <translation>camchat-Gespräch, %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>The transcript was not saved: the image %1 could not be written. %2</source>
        <translation>Der Gesprächsverlauf wurde nicht gespeichert: Das Bild %1 konnte nicht geschrieben werden. %2</translation>
    </message>
    <message>
        <source>The transcript could not be written to %1.</source>
        <translation>Der Gesprächsverlauf konnte nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <source>Save Transcript</source>
        <translation>Gesprächsverlauf speichern</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>The transcript was not saved: %1 already exists and was left as it was.</source>
        <translation>Der Gesprächsverlauf wurde nicht gespeichert: %1 gibt es schon, die Datei blieb unverändert.</translation>
    </message>
</context>
</TS>
