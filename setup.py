"""Packaging for faceaging: every setting and version comes from settings.ini (nbdev 2 layout)."""
from configparser import ConfigParser
from pathlib import Path
import setuptools

cfg_file = Path(__file__).parent/'settings.ini'
config = ConfigParser(delimiters=['='])
config.read(cfg_file, encoding='utf-8')
cfg = config['DEFAULT']

for key in 'version description keywords author author_email license git_url lib_name user min_python'.split():
    assert cfg.get(key), f'settings.ini lacks `{key}`'

licenses = {'apache2': ('Apache Software License 2.0', 'OSI Approved :: Apache Software License'),
            'mit': ('MIT License', 'OSI Approved :: MIT License')}
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable',
            '6 - Mature', '7 - Inactive']
py_versions = '3.10 3.11 3.12 3.13'.split()

def split_list(key): return cfg.get(key, '').split()

lic = licenses.get(cfg['license'].lower(), (cfg['license'], None))
min_python = cfg['min_python']
readme = Path(__file__).parent/'README.md'

setuptools.setup(
    name=cfg['lib_name'], version=cfg['version'], description=cfg['description'],
    license=lic[0], author=cfg['author'], author_email=cfg['author_email'],
    url=cfg['git_url'], keywords=cfg['keywords'],
    classifiers=['Development Status :: ' + statuses[int(cfg['status'])],
                 'Intended Audience :: ' + cfg['audience'].title(),
                 'Natural Language :: ' + cfg['language'].title()]
                + [f'Programming Language :: Python :: {v}' for v in py_versions[py_versions.index(min_python):]]
                + ([f'License :: {lic[1]}'] if lic[1] else []),
    packages=setuptools.find_packages(include=[cfg['lib_name'], cfg['lib_name'] + '.*']),
    include_package_data=True,
    package_data={cfg['lib_name']: ['assets/*.pth', 'assets/*.json']},  # the demo model
    install_requires=split_list('requirements'),
    extras_require={'judges': split_list('judges_requirements'), 'test': split_list('test_requirements') + split_list('judges_requirements'),
                    'dev': split_list('dev_requirements') + split_list('test_requirements') + split_list('judges_requirements')},
    python_requires='>=' + min_python,
    long_description=readme.read_text(encoding='utf-8') if readme.exists() else cfg['description'],
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={'console_scripts': split_list('console_scripts'),
                  'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
)
