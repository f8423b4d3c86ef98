package io.rewind.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rewind.common.testing.PostgresResource;
import io.rewind.local.LocalProcess;

/**
 * A Django project (Debian's python3-django and python3-psycopg2, run by Debian's {@code /usr/bin/python3}) with one
 * app, {@code shop}, whose migrations create {@code shop_order} and then add its {@code coupon_code}: the settings read
 * the database from the environment, its password from {@code DB_PASSWORD}.
 */
public final class DjangoProject extends MigrationProject {

    public static final String PYTHON = "/usr/bin/python3";

    public DjangoProject() throws IOException, SQLException {
        super("django");
        Files.writeString(dir.resolve("manage.py"), """
                import os
                import sys

                os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_settings')
                from django.core.management import execute_from_command_line
                execute_from_command_line(sys.argv)
                """);
        Files.writeString(dir.resolve("site_settings.py"), """
                import os

                SECRET_KEY = 'tests-only'
                INSTALLED_APPS = ['shop']
                USE_TZ = True
                DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
                DATABASES = {'default': {
                    'ENGINE': 'django.db.backends.postgresql',
                    'NAME': os.environ['DB_NAME'], 'HOST': os.environ['DB_HOST'], 'PORT': os.environ['DB_PORT'],
                    'USER': os.environ['DB_USER'], 'PASSWORD': os.environ['DB_PASSWORD'],
                }}
                """);
        Files.createDirectories(dir.resolve("shop/migrations"));
        Files.writeString(dir.resolve("shop/__init__.py"), "");
        Files.writeString(dir.resolve("shop/migrations/__init__.py"), "");
        Files.writeString(dir.resolve("shop/models.py"), """
                from django.db import models


                class Order(models.Model):
                    code = models.CharField(max_length=40)
                    coupon_code = models.CharField(max_length=40, null=True)
                """);
        Files.writeString(dir.resolve("shop/migrations/0001_initial.py"), """
                from django.db import migrations, models


                class Migration(migrations.Migration):
                    initial = True
                    dependencies = []
                    operations = [
                        migrations.CreateModel(name='Order', fields=[
                            ('id', models.AutoField(primary_key=True, serialize=False)),
                            ('code', models.CharField(max_length=40)),
                        ]),
                    ]
                """);
        Files.writeString(dir.resolve("shop/migrations/0002_coupon_code.py"), """
                from django.db import migrations, models


                class Migration(migrations.Migration):
                    dependencies = [('shop', '0001_initial')]
                    operations = [
                        migrations.AddField(model_name='order', name='coupon_code',
                                            field=models.CharField(max_length=40, null=True)),
                    ]
                """);
    }

    /** The fixed variables and, by reference, the password. */
    private Map<String, Object> env() throws IOException {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("DB_NAME", database);
        env.put("DB_HOST", "127.0.0.1");
        env.put("DB_PORT", Integer.toString(PostgresResource.port()));
        env.put("DB_USER", PostgresResource.USER);
        env.put("DB_PASSWORD", secretFile("django-db-password", PASSWORD));
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    /** Runs {@code python3 manage.py <args>} in the project, as its developers would; its output. */
    public String manage(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PYTHON, "manage.py"));
        argv.addAll(List.of(args));
        Map<String, String> env = new LinkedHashMap<>();
        env().forEach((name, value) -> env.put(name, value instanceof String text ? text : PASSWORD));
        return LocalProcess.run(argv, dir, env);
    }

    /** The applied migrations, oldest first, as {@code app.name}. */
    public List<String> applied() throws SQLException {
        return query("SELECT app || '.' || name FROM django_migrations ORDER BY id");
    }

    /** The admin's command: {@code python3 manage.py migrate {app} {migration} --no-input}. */
    public Map<String, Object> migrateCommand() throws IOException {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("argv", List.of(PYTHON, "manage.py", "migrate", "{app}", "{migration}", "--no-input"));
        command.put("workingDirectory", dir.toString());
        command.put("placeholders", Map.of("app", Map.of("enum", List.of("shop")),
                "migration", Map.of("pattern", "[0-9]{4}|zero")));
        command.put("env", env());
        command.put("timeoutSeconds", 120);
        return command;
    }
}
